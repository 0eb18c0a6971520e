// Copies the app's secrets to the new store, renaming app/ to svc/ and tagging where they came from.
runbook {
    description 'Copy app secrets to the new store'
    source aws(region: 'us-east-1', prefix: 'app/')
    target azure('apps', prefix: 'app/')

    discovery {
        include 'app/**'
        exclude 'app/tmp/*'
        exclude { it.tags.env == 'dev' }
        pageSize 100; batchSize 20
        before { ctx -> ctx.log 'listing' }
        after { ctx -> ctx.log "listed ${ctx.counts.listed ?: 0}" }
    }

    transform 'rename', from: ~/^app\//, to: 'svc/'

    transform { rec ->
        rec.tags.migratedFrom = 'old'
        if (!rec.json?.password) flag 'no password field'
    }

    planning   { onExisting 'update'; takeOwnership true }
    execution  { concurrency 8; retries 3; onError 'flag'; batchSize 256; writesPerSecond 500 }
    validation { compare 'full'; minMatchRate 1.0; onFailure 'rollback' }

    before 'execution', { ctx -> ctx.log 'writing' }
    rollback { ctx -> ctx.log 'owners notified' }
}
