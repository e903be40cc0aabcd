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
