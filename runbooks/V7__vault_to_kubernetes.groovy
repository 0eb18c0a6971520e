// Move application secrets from HashiCorp Vault KV into Kubernetes Secrets, for services that now
// read them as mounted Secrets instead of through a Vault agent. Vault keeps one value per path
// (apps/payments/db/password, apps/payments/db/username); Kubernetes keeps several data keys in one
// Secret. So the paths are grouped by their parent: apps/payments/db/* becomes the Secret payments.db
// with the data keys password and username.
//
// Secrets whose Vault custom metadata gives a ttl longer than 24 hours are copied and flagged: a
// Kubernetes Secret never expires, so whoever rotates them must take over that schedule.
//
// Nothing secret is written here. Vault's token comes from VAULT_TOKEN or ~/.vault-token (or
// auth=approle / kubernetes, see the README), Kubernetes credentials from the kubeconfig at the
// context named in the target (or the pod's service account). The variables below say where:
//
//   VAULT_ADDR      the Vault server (default https://vault.example.com:8200)
//   KUBERNETES_URI  the namespace and cluster context (default k8s:payments?context=prod)
//
//   ferry run runbooks/V7__vault_to_kubernetes.groovy --dry-run   # the Secrets it would make, and the flags
//   ferry run runbooks/V7__vault_to_kubernetes.groovy --yes
//   ferry rollback RUN                                            # delete the Secrets the run made
runbook {
    description 'Group the apps/ paths of Vault KV into Kubernetes Secrets, one per parent path, flagging long TTLs'

    source vault(address: env('VAULT_ADDR', 'https://vault.example.com:8200'), mount: 'secret', prefix: 'apps/')
    target env('KUBERNETES_URI', 'k8s:payments?context=prod')

    // Flag before grouping, so the flag names the Vault path whose TTL is too long. A ttl is read as
    // Vault writes durations: 90s, 45m, 72h, 7d, 1h30m, or plain seconds.
    transform { rec ->
        String ttl = rec.tags.ttl
        if (ttl) {
            def parts = (ttl =~ /(\d+)([smhd]?)/).collect { all, amount, unit ->
                (amount as long) * [s: 1, m: 60, h: 3600, d: 86400].get(unit ?: 's', 1)
            }
            long seconds = parts.sum(0L)
            if (seconds > 24 * 3600) {
                flag "ttl $ttl is longer than 24 hours: a Kubernetes Secret does not expire, so plan its rotation"
            }
        }
    }

    // apps/payments/db/password -> group payments/db, data key password. Every value must be text;
    // a binary value is reported for its path, and (onError 'stop') blocks the plan.
    transform 'collapse', prefix: ~/^(.*)\/[^\/]+$/

    // payments/db -> payments.db: a Secret name is a DNS subdomain. The encoding is exact and can be
    // reversed, so a rollback and a later move back to Vault find the paths again.
    transform 'k8s-safe-names'

    planning {
        onExisting 'update'          // update only Secrets Ferry wrote (ferry-managed-by label)
    }

    execution {
        concurrency 2
        retries 5
        writesPerSecond 20           // well below the API server's client limits, shared with the cluster's controllers
        onError 'stop'
    }

    validation {
        compare 'full'
        minMatchRate 1.0
        onFailure 'rollback'
    }

    rollback { ctx -> ctx.log "run ${ctx.runId} undone: the services keep reading Vault" }
}
