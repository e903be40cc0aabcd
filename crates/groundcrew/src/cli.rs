use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "groundcrew",
    version,
    about = "Kubernetes security posture: scan manifests against codified controls",
    after_help = "Exit codes: 0 = nothing at or above --fail-on failed; 1 = findings at or above the threshold, or a framework below --min-score; 2 = input or usage errors (wins over 1)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Scan manifests (files, directories, `-` for stdin).
    Scan(Box<ScanArgs>),
    /// List and describe controls.
    Controls {
        #[command(subcommand)]
        command: ControlsCommand,
    },
    /// List and describe frameworks.
    Frameworks {
        #[command(subcommand)]
        command: FrameworksCommand,
    },
    /// RBAC analysis: who can do what, a subject's permissions, escalation chains, a graph.
    Rbac {
        #[command(subcommand)]
        command: RbacCommand,
    },
    /// NetworkPolicy reachability: which workloads can reach which, on which ports, and why.
    Netpol {
        #[command(subcommand)]
        command: NetpolCommand,
    },
    /// Attack paths from the internet (or any compromised pod) to cluster-admin, nodes,
    /// secrets and sensitive workloads, most severe first, each step located.
    Paths(Box<PathsArgs>),
}

#[derive(Args)]
pub struct PathsArgs {
    /// Files and directories to read (recursively: .yaml, .yml, .json); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// pretty, json, mermaid or dot
    #[arg(long, short = 'f', default_value = "pretty")]
    pub format: String,
    /// Where the attacker starts: internet or cluster (repeatable; default both).
    #[arg(long = "from", value_name = "internet|cluster")]
    pub from: Vec<String>,
    /// What the attacker wants: cluster-admin, node, secrets, namespace-admin or sensitive
    /// (repeatable; default all).
    #[arg(long = "to", value_name = "TARGET")]
    pub to: Vec<String>,
    /// If this workload (NS/NAME or NS/NAME[Kind]) is compromised, what can the attacker
    /// reach, and how.
    #[arg(long, value_name = "NS/NAME")]
    pub blast_radius: Option<String>,
    /// Paths to show (the best; the rest are counted).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Rank workloads by the attack paths through them instead (pretty or json).
    #[arg(long)]
    pub workloads: bool,
    /// Exit 1 when a path of this severity or above is found: critical, high, medium or
    /// low (a CI gate; default: never).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Exclude paths (gitignore-style pattern, repeatable).
    #[arg(long = "exclude", value_name = "PATTERN")]
    pub excludes: Vec<String>,
}

#[derive(Subcommand)]
pub enum NetpolCommand {
    /// Every allowed connection, one line per ordered pair: `src => dst : conn`.
    Connectivity {
        /// Files and directories to read (recursively: .yaml, .yml, .json); `-` reads stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// pretty, json, csv, markdown or dot
        #[arg(long, short = 'f', default_value = "pretty")]
        format: String,
        /// Only connections to or from this workload (NS/NAME or NS/NAME[Kind]).
        #[arg(long, value_name = "NS/NAME")]
        focus: Option<String>,
        /// List how workloads are exposed outside the cluster instead (pretty or json).
        #[arg(long)]
        exposure: bool,
        /// Exclude paths (gitignore-style pattern, repeatable).
        #[arg(long = "exclude", value_name = "PATTERN")]
        excludes: Vec<String>,
    },
    /// Connections added, removed and changed between two versions of the manifests.
    Diff {
        /// The old version (file or directory).
        old: String,
        /// The new version (file or directory).
        new: String,
        /// pretty or json
        #[arg(long, short = 'f', default_value = "pretty")]
        format: String,
        /// Exclude paths (gitignore-style pattern, repeatable).
        #[arg(long = "exclude", value_name = "PATTERN")]
        excludes: Vec<String>,
    },
    /// Whether SRC can connect to DST on a port, explained per direction (exit 0 allowed,
    /// 1 denied).
    Eval {
        /// NS/NAME, NS/NAME[Kind], or an external IP address.
        #[arg(long)]
        src: String,
        /// NS/NAME, NS/NAME[Kind], or an external IP address.
        #[arg(long)]
        dst: String,
        #[arg(long)]
        port: u16,
        /// TCP, UDP or SCTP.
        #[arg(long, default_value = "TCP")]
        protocol: String,
        /// pretty or json
        #[arg(long, short = 'f', default_value = "pretty")]
        format: String,
        #[arg(required = true)]
        paths: Vec<String>,
        /// Exclude paths (gitignore-style pattern, repeatable).
        #[arg(long = "exclude", value_name = "PATTERN")]
        excludes: Vec<String>,
    },
    /// Least-privilege NetworkPolicies from the dependencies the manifests name (env,
    /// args, ConfigMaps → Service → workload and port), verified by the engine. Writes YAML
    /// to stdout (the summary to stderr), or one file per namespace with --output-dir.
    /// Nothing is applied to a cluster. Exit 0 when verified, 1 when the check fails.
    Generate {
        /// Files and directories to read (recursively: .yaml, .yml, .json); `-` reads stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Write DIR/NAMESPACE.yaml files instead of printing the YAML.
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<String>,
        /// Format of the summary (dependencies, exposure, notes, verification): pretty or
        /// json.
        #[arg(long, short = 'f', default_value = "pretty")]
        format: String,
        /// Only these namespaces (repeatable; default: every namespace with workloads
        /// except kube-system, kube-public, kube-node-lease and the ingress controller's).
        #[arg(long = "namespace", short = 'n', value_name = "NS")]
        namespaces: Vec<String>,
        /// Namespace of the ingress controller (and Gateway implementation) that may reach
        /// Ingress and route backends.
        #[arg(long, value_name = "NS", default_value = "ingress-nginx")]
        ingress_namespace: String,
        /// Namespace of the cluster DNS resolver.
        #[arg(long, value_name = "NS", default_value = "kube-system")]
        dns_namespace: String,
        /// Pod labels of the cluster DNS resolver (KEY=VALUE, repeatable).
        #[arg(
            long = "dns-label",
            value_name = "KEY=VALUE",
            default_value = "k8s-app=kube-dns"
        )]
        dns_labels: Vec<String>,
        /// Exclude paths (gitignore-style pattern, repeatable).
        #[arg(long = "exclude", value_name = "PATTERN")]
        excludes: Vec<String>,
    },
}

/// Inputs and noise control shared by the `rbac` commands.
#[derive(Args)]
pub struct RbacInputs {
    /// Files and directories to read (recursively: .yaml, .yml, .json); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Include unmodified Kubernetes default bindings (system: components), hidden by
    /// default. User-made grants are never hidden.
    #[arg(long)]
    pub include_defaults: bool,
    /// Exclude paths (gitignore-style pattern, repeatable).
    #[arg(long = "exclude", value_name = "PATTERN")]
    pub excludes: Vec<String>,
}

#[derive(Subcommand)]
pub enum RbacCommand {
    /// Every subject that can do VERB on RESOURCE[/SUBRESOURCE] (or a /non-resource-url),
    /// with the grants that allow it.
    WhoCan {
        verb: String,
        /// `pods`, `pods/exec`, `deployments`, `*`, or a non-resource URL such as `/metrics`.
        resource: String,
        /// API group (default: inferred from the built-in resources, else core).
        #[arg(long)]
        api_group: Option<String>,
        /// Ask about one namespace (default: cluster-wide; namespace-only grants are listed
        /// apart, as partial).
        #[arg(long, short = 'n')]
        namespace: Option<String>,
        /// Ask about one object by name.
        #[arg(long)]
        name: Option<String>,
        /// pretty or json
        #[arg(long, short = 'f', default_value = "pretty")]
        format: String,
        #[command(flatten)]
        inputs: RbacInputs,
    },
    /// A subject's effective permissions, per scope: User:NAME, Group:NAME,
    /// ServiceAccount:NS:NAME or system:serviceaccount:NS:NAME.
    Permissions {
        subject: String,
        /// pretty or json
        #[arg(long, short = 'f', default_value = "pretty")]
        format: String,
        #[command(flatten)]
        inputs: RbacInputs,
    },
    /// Every subject that can reach cluster-admin, a node, secrets or a namespace's admin,
    /// as chains of steps.
    Escalations {
        /// pretty or json
        #[arg(long, short = 'f', default_value = "pretty")]
        format: String,
        /// Only chains from this subject.
        #[arg(long)]
        subject: Option<String>,
        #[command(flatten)]
        inputs: RbacInputs,
    },
    /// Subjects, bindings, roles and escalation steps as a picture.
    Graph {
        /// dot or mermaid
        #[arg(long, short = 'f', default_value = "dot")]
        format: String,
        /// Only this subject.
        #[arg(long)]
        subject: Option<String>,
        /// Only bindings of this namespace (and cluster-wide ones naming its service accounts).
        #[arg(long, short = 'n')]
        namespace: Option<String>,
        #[command(flatten)]
        inputs: RbacInputs,
    },
}

#[derive(Args)]
pub struct ScanArgs {
    /// Files and directories to scan (recursively: .yaml, .yml, .json); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Framework to run (repeatable): pss-baseline, pss-restricted, nsa, mitre, cis, all.
    #[arg(long = "framework", value_name = "NAME")]
    pub frameworks: Vec<String>,
    /// Single control to run (repeatable): a groundcrew ID or name, or a Kubescape ID.
    #[arg(long = "control", value_name = "ID")]
    pub controls: Vec<String>,
    /// Output format, optionally to a file: pretty|json|sarif|junit|markdown[=FILE]
    /// (repeatable; at most one without a file).
    #[arg(long = "format", short = 'f', value_name = "FMT[=FILE]")]
    pub formats: Vec<String>,
    /// Write the (single) format to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// Lowest severity that fails the run: critical, high, medium, low.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Fail when a selected framework scores below N (0–100).
    #[arg(long, value_name = "N")]
    pub min_score: Option<f64>,
    /// Exceptions file (repeatable).
    #[arg(long = "exceptions", value_name = "FILE")]
    pub exceptions: Vec<String>,
    /// Configuration file (default: .groundcrew.yaml searched upward).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Kubernetes version that version-dependent checks follow (default 1.35).
    #[arg(long, value_name = "X.Y")]
    pub kube_version: Option<String>,
    /// Exclude paths (gitignore-style pattern, repeatable).
    #[arg(long = "exclude", value_name = "PATTERN")]
    pub excludes: Vec<String>,
    /// Treat unrendered templates as input errors instead of skipping them.
    #[arg(long)]
    pub strict: bool,
    /// Skip the attack-path analysis (findings then carry no risk, and the report no
    /// "fix these first").
    #[arg(long)]
    pub no_paths: bool,
    /// RBAC controls: report grants of unmodified Kubernetes default bindings too (hidden
    /// by default; user-made grants are never hidden).
    #[arg(long)]
    pub include_defaults: bool,
}

#[derive(Subcommand)]
pub enum ControlsCommand {
    /// List every control.
    List {
        /// table or json
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Describe one control.
    Show { id: String },
    /// Write the Markdown documentation of every control.
    Docs {
        /// Output directory.
        #[arg(long, default_value = "docs/controls")]
        out: String,
        /// Only check that the directory is up to date (exit 1 when stale).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Subcommand)]
pub enum FrameworksCommand {
    /// List frameworks.
    List,
    /// Show a framework's controls with their sections.
    Show { name: String },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every option's and argument's help text, in every subcommand, as `--help` prints it.
    fn helps(command: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        for arg in command.get_arguments() {
            if let Some(help) = arg.get_help() {
                out.push((format!("{path} {}", arg.get_id()), help.to_string()));
            }
        }
        for sub in command.get_subcommands() {
            helps(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    /// A doc comment split by another field's (as once happened to `--no-paths` and
    /// `--include-defaults`) shows as a help text starting mid-sentence or with unbalanced
    /// parentheses.
    #[test]
    fn every_help_text_is_whole() {
        let mut all = Vec::new();
        helps(&Cli::command(), "groundcrew", &mut all);
        assert!(all.len() > 40, "{} help texts", all.len());
        for (arg, help) in &all {
            // Short value lists ("table or json") start in lower case; sentences do not.
            let first = help.chars().next().unwrap_or(' ');
            assert!(
                !(first.is_lowercase() && help.ends_with('.')),
                "{arg}: help starts mid-sentence: {help}"
            );
            let opened = help.matches('(').count();
            let closed = help.matches(')').count();
            assert_eq!(opened, closed, "{arg}: unbalanced parentheses: {help}");
        }
    }
}
