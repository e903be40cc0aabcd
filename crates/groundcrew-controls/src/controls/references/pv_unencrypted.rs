use groundcrew_findings::{ControlMeta, References, Severity};
use groundcrew_inventory::{Facts, Inventory};

use crate::{Check, Control, ControlInputs, InventoryReport};

pub const CONTROL: Control = Control {
    meta: ControlMeta {
        id: "GC407",
        name: "persistent-volume-unencrypted",
        title: "PersistentVolumes should use a StorageClass that encrypts at rest",
        severity: Severity::Medium,
        category: "references",
        description: "Fails for every PersistentVolume whose `spec.storageClassName` names a StorageClass of the input that does not ask its provisioner for encryption at rest (`parameters.encrypted: \"true\"` for AWS EBS and generic CSI drivers, `disk-encryption-kms-key` for GCE PD, `diskEncryptionSetID` for Azure Disk, `kmsKeyId`). A PersistentVolume whose StorageClass is not in the input is not decided (the class may live elsewhere); one without a class is not relevant.",
        rationale: "Unencrypted volumes expose their data to anyone with access to the underlying disks, snapshots or backups, outside Kubernetes' access control.",
        remediation: "Provision volumes from a StorageClass with encryption turned on (for AWS EBS: `parameters: {encrypted: \"true\"}`), and migrate the data.",
        references: References {
            kubescape: &["C-0264"],
            cis: &[],
            nsa: &[],
            mitre: &[],
            pss: &[],
        },
        failing_example: "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gp3\nprovisioner: ebs.csi.aws.com\nparameters:\n  type: gp3\n",
        passing_example: "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gp3\nprovisioner: ebs.csi.aws.com\nparameters:\n  type: gp3\n  encrypted: \"true\"\n",
    },
    check: Check::Inventory(check),
    requires: None,
};

fn check(inventory: &Inventory, _inputs: &ControlInputs, out: &mut InventoryReport<'_>) {
    for (i, record) in inventory.of_kind("PersistentVolume") {
        let Facts::PersistentVolume { storage_class, pos } = &record.facts else {
            continue;
        };
        if storage_class.is_empty() {
            continue;
        }
        let Some(class) = inventory.find(None, "StorageClass", storage_class) else {
            continue;
        };
        out.relevant(i);
        if let Facts::StorageClass { encrypted: false } = class.facts {
            out.fail(
                i,
                record,
                "spec.storageClassName",
                *pos,
                format!("StorageClass \"{storage_class}\" does not encrypt volumes at rest"),
            );
        }
    }
}
