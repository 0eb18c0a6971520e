// V1__typos.groovy: V1__copy.groovy with two mistakes, to show how a broken runbook is reported
runbook {
    source 'local:old.db'
    target 'local:new.db'
    execution { concurency 4; onError 'flg' }
}
