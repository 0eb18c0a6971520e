// V5__typo.jsh: V5__copy_app_secrets.jsh with a misspelt method, to show how a snippet that does not compile is reported
var runbook = builder()
        .descripton("Copy application secrets")
        .source("local:old.db").target("local:new.db")
        .build();
