// V5__copy_app_secrets.jsh
var runbook = builder()
        .description("Copy application secrets")
        .source("local:old.db").target("local:new.db")
        .discovery(Discovery.all())
        .planning(new Planning(OnExisting.UPDATE, false))
        .build();
