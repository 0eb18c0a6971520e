// V1__copy_app_secrets.groovy
runbook {
    description 'Copy application secrets from old.db to new.db, tagging where they came from'
    source 'local:old.db'
    target 'local:new.db'

    discovery {
        include 'app/**'                  // globs: * within a segment, ** across segments
        exclude 'app/tmp/*'
        exclude { it.tags.env == 'dev' }  // or a predicate over the listed secret
        disabled 'copy'                   // disabled records copied disabled (default) | skip
    }
    transform 'rename', from: ~/^app\//, to: 'svc/'   // a named transform
    transform { rec ->                                // or a closure over the record
        rec.tags.migratedFrom = 'old.db'
        if (!rec.json?.password) flag 'no password field'
    }
    planning   { onExisting 'skip' }                  // skip | update | fail; takeOwnership true
    execution  { concurrency 4; retries 3; onError 'stop' }   // skip | stop | flag; writesPerSecond 50
    validation { compare 'full'; minMatchRate 1.0; onFailure 'rollback' }  // or sample(0.1); stop | rollback
    rollback   { ctx -> ctx.log 'owners notified' }
}
