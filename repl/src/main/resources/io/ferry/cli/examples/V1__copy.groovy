// V1__copy.groovy: the application secrets of old.db kept in step in new.db, for ferry plan, run and sync
runbook {
    description 'Copy the application secrets of old.db to new.db and keep them in step'
    source 'local:old.db'
    target 'local:new.db'

    discovery {
        include 'app/**'
        exclude 'app/tmp/*'
    }
    transform { rec -> rec.tags.migratedFrom = 'old.db' }
    planning   { onExisting 'update' }
    execution  { concurrency 4; retries 3; onError 'stop' }
    validation { compare 'full'; minMatchRate 1.0; onFailure 'rollback' }
    monitoring {
        sync every: '5m'
        // examples.env shortens the shadow read to a rehearsal's: every second for five seconds
        shadowRead every: env('SHADOW_EVERY', '1m'), during: env('SHADOW_WINDOW', '1h'), sample: 0.1
        minMatchRate 0.999
    }
}
