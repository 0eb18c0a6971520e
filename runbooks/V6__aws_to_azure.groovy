// Move the payments secrets from AWS Secrets Manager to Azure Key Vault, for a service moving from
// AWS to Azure. Key Vault names allow only letters, digits and '-', so every key is encoded to a
// Key Vault name (payments/db/password in AWS becomes payments-db--password in the vault); the
// encoding is exact, so a rollback or a later move back to AWS decodes it. Tags travel with the
// secrets. Every record is read back from the vault and compared; below 100 % the run rolls back on
// its own.
//
// Nothing secret is written here. AWS credentials come from the standard chain (environment, shared
// profile files, instance role); Azure's from AZURE_ACCESS_TOKEN or DefaultAzureCredential (service
// principal, workload or managed identity, az login). The environment variables below say where:
//
//   AWS_REGION     the source region (default us-east-1)
//   AWS_ENDPOINT   a Secrets Manager endpoint, such as a VPC endpoint (default: the region's public one)
//   TARGET_URI     the vault and the name prefix (default azure:https://payments-prod.vault.azure.net?prefix=payments-)
//
//   ferry run runbooks/V6__aws_to_azure.groovy --dry-run   # the plan: every key and the Key Vault name it gets
//   ferry run runbooks/V6__aws_to_azure.groovy --yes       # copy, verify, roll back if anything differs
runbook {
    description 'Copy the payments secrets from AWS Secrets Manager to Azure Key Vault under Key Vault-safe names'

    source aws(region: env('AWS_REGION', 'us-east-1'), prefix: 'payments/',
               endpoint: env('AWS_ENDPOINT', "https://secretsmanager.${env('AWS_REGION', 'us-east-1')}.amazonaws.com"))
    target env('TARGET_URI', 'azure:https://payments-prod.vault.azure.net?prefix=payments-')

    // '/' becomes '--', any other character outside [0-9a-zA-Z] becomes '-hex-' ('_' is '-5f-').
    transform 'azure-safe-names'

    // AWS tags (owner, team, rotation schedule) are carried over as they are. Key Vault keeps at most
    // 15 tags and Ferry uses one; a secret with more is shown as invalid in the plan, before anything
    // is written. The origin is recorded as one more tag.
    transform { rec ->
        rec.tags['migrated-from'] = 'aws-secrets-manager'
    }

    planning {
        onExisting 'update'          // overwrite only what Ferry itself wrote to the vault
        onSoftDeleted 'recover'      // a name a rollback soft-deleted is recovered and written over
    }

    execution {
        concurrency 4
        retries 5
        writesPerSecond 25           // Key Vault allows 300 creates per 10 s per vault, shared with the vault's other users
        onError 'stop'
    }

    // Read every secret back from the vault: a value someone else changed between the copy and this
    // comparison, or a secret that did not arrive, makes the match rate fall below 100 % and the run
    // undoes its writes. What someone else changed since is left as they left it, and reported.
    validation {
        compare 'full'
        minMatchRate 1.0
        onFailure 'rollback'
    }

    rollback { ctx -> ctx.log "run ${ctx.runId} undone: the payments service stays on AWS Secrets Manager" }
}
