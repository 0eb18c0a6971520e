// Moves payment credentials to Azure, whose secret names allow letters, digits and dashes only.
def team = 'payments'

runbook {
    description "Move $team credentials from AWS Secrets Manager to Azure Key Vault"
    source aws(region: 'us-east-1', prefix: "$team/")
    target azure(vault: "https://${team}-prod.vault.azure.net")

    discovery {
        include '**'
        exclude { tags.env == 'dev' }
    }

    transform { rec ->
        rec.key = rec.key.replaceAll(/[^A-Za-z0-9-]/, '-')
        if (rec.key.length() > 127) {
            skip 'name longer than Azure allows'
        }
    }

    planning   { onExisting 'fail' }
    execution  { concurrency 16; onError 'stop' }
    validation { compare sample(0.25); minMatchRate 0.99 }
}
