// Move the payments Secrets of a Kubernetes namespace to Azure Key Vault without downtime. The
// services keep reading Kubernetes while Ferry keeps the vault current; a shadow read compares the
// two on a schedule; only when they have agreed for a whole window do the services switch to the
// vault. Until then, rolling back is one command, and it is rehearsed before the real cutover.
//
// Nothing secret is written here. Kubernetes credentials come from the kubeconfig at the context
// named in the source (or the pod's service account); Azure's from AZURE_ACCESS_TOKEN or
// DefaultAzureCredential. The variables below say where, and how long each step takes:
//
//   SOURCE_URI      the namespace and cluster context (default k8s:payments?context=prod)
//   TARGET_URI      the vault and the name prefix (default azure:https://payments-prod.vault.azure.net?prefix=payments-)
//   SYNC_EVERY      how often the vault is brought up to date (default 5m)
//   SHADOW_EVERY    how often the stores are compared (default 1m)
//   SHADOW_WINDOW   how long they must agree before cutover (default 24h)
//   SHADOW_SAMPLE   the share of the records each comparison reads from both stores (default 0.1)
//
// The migration, step by step (SYNC is the id ferry sync prints):
//
//   ferry sync runbooks/V8__kubernetes_to_azure_zero_downtime.groovy   # copy now, then every SYNC_EVERY; leave it running
//   ferry phase SYNC --to dual-write      # once the first pass is done; the services may now also write to the vault
//   ferry phase SYNC --to shadow-read     # once dual-write owes the vault nothing
//   ferry monitor SYNC                    # compare every SHADOW_EVERY for SHADOW_WINDOW; exit 3 at the first drift
//   ferry phase SYNC --to cutover         # refused unless the comparisons held at 99.9 % for the whole window
//   (switch the services to the vault)
//   ferry phase SYNC --to complete        # once nothing is owed and the latest comparison found no drift
//
// Rehearse the way back first, on a copy of the namespace or in staging, before the real cutover:
//
//   ferry phase SYNC --to rolled-back     # pauses the sync and undoes every pass: the vault holds what it held before
runbook {
    description 'Keep Azure Key Vault in step with the payments namespace, compare the two, then cut over'

    source env('SOURCE_URI', 'k8s:payments?context=prod')
    target env('TARGET_URI', 'azure:https://payments-prod.vault.azure.net?prefix=payments-')

    // Secret names are DNS subdomains (payments-db, stripe.webhook); Key Vault names take no '.'. Two
    // Secrets that would meet at one name are shown as a conflict in the plan and neither is written.
    // Each Secret arrives as one vault secret whose value is the JSON object of its data keys.
    transform 'rename', from: ~/\./, to: '-'

    planning {
        onExisting 'update'          // each pass updates what Ferry wrote, and never anyone else's secret
        onSoftDeleted 'recover'      // a name a rehearsed rollback soft-deleted is recovered by the next pass
    }

    execution {
        concurrency 2
        retries 5
        writesPerSecond 20
        onError 'flag'               // a Secret that fails is flagged and copied again by the next pass
    }

    // Every pass is checked in full before the next one starts.
    validation {
        compare 'full'
        minMatchRate 1.0
        onFailure 'stop'             // keep what was copied; the next pass tries again, the shadow read shows the gap
    }

    monitoring {
        sync every: env('SYNC_EVERY', '5m')
        shadowRead every: env('SHADOW_EVERY', '1m'), during: env('SHADOW_WINDOW', '24h'),
                   sample: env('SHADOW_SAMPLE', '0.1') as double
        minMatchRate 0.999           // each comparison, and the cutover gate, must hold 99.9 %
    }

    rollback { ctx -> ctx.log "run ${ctx.runId} undone: the services keep reading the payments namespace" }
}
