runbook {
    description 'Copy the port numbers under db/ from old.db to new.db, flagging any that is not a port number'
    source 'local:old.db'; target 'local:new.db'; discovery { include 'db/**' }
    transform { rec ->
        if (!(rec.value.text ==~ /[0-9]{1,5}/)) throw new IllegalArgumentException('not a port number')
    }
    execution { onError 'flag' }   // a record whose transform throws is flagged for review, not written
}
