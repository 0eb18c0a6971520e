package io.ferry.dsl

import java.nio.file.Path

class RunbookProblemsSpec extends RunbookSpecification {

    def "'#snippet' is reported as #expected"() {
        expect:
        problems(withOptions(snippet)) == [expected]

        where:
        snippet                                          || expected
        "execution { concurency 8 }"                     || "2:13: unknown option 'concurency' in execution; did you mean 'concurrency'?"
        "execution { onError 'flg' }"                    || "2:21: onError 'flg' is not one of 'skip', 'stop', 'flag'"
        "execution { concurrency 0 }"                    || "2:25: concurrency must be between 1 and 256, got 0"
        "execution { concurrency 257 }"                  || "2:25: concurrency must be between 1 and 256, got 257"
        "execution { retries 101 }"                      || "2:21: retries must be between 0 and 100, got 101"
        "execution { batchSize 0 }"                      || "2:23: execution batchSize must be at least 1, got 0"
        "execution { writesPerSecond(-1) }"              || "2:29: writesPerSecond cannot be negative"
        "execution { concurrency 'eight' }"              || "2:13: concurrency takes a whole number, not 'eight'"
        "execution { concurrency { 8 } }"                || "2:13: concurrency takes a whole number, not a block { }"
        "execution { retries() }"                        || "2:13: retries needs a whole number"
        "execution { concurrency -1 }"                   || "2:13: write concurrency(-1): without brackets, concurrency -1 is a subtraction"
        "execution { concurrency = 8 }"                  || "2:13: set options without '=': concurrency 8"
        "execution { description 'x' }"                  || "2:13: unknown option 'description' in execution; it belongs in runbook { }"
        "planning { takeOwnership }"                     || "2:12: option 'takeOwnership' needs a value: takeOwnership VALUE"
        "planning { onExisting = 'update' }"             || "2:12: set options without '=': onExisting 'update'"
        "planning { onExisting 'overwrite' }"            || "2:23: onExisting 'overwrite' is not one of 'skip', 'update', 'fail'"
        "planning { takeOwnership 'yes' }"               || "2:12: takeOwnership takes true or false, not 'yes'"
        "planning { onError 'flag' }"                    || "2:12: unknown option 'onError' in planning; it belongs in execution { }"
        "planning { retry 3 }"                           || "2:12: unknown option 'retry' in planning; options here: after, before, onExisting, onSoftDeleted, takeOwnership"
        "validation { minMatchRate 1.5 }"                || "2:27: minMatchRate must be between 0 and 1, got 1.5"
        "validation { minMatchRate(-0.1) }"              || "2:27: minMatchRate must be between 0 and 1, got -0.1"
        "validation { compare 'most' }"                  || "2:22: compare 'most' is not one of 'full', 'none', sample(FRACTION)"
        "validation { compare sample(0) }"               || "2:22: a sample fraction must be above 0 and at most 1, got 0.0"
        "validation { compare sample(1.5) }"             || "2:22: a sample fraction must be above 0 and at most 1, got 1.5"
        "validation { onFailure 'retry' }"               || "2:24: onFailure 'retry' is not one of 'stop', 'rollback'"
        "discovery { pageSize 0 }"                       || "2:22: discovery pageSize and batchSize must be at least 1"
        "discovery { includes 'app/**' }"                || "2:13: unknown option 'includes' in discovery; did you mean 'include'?"
        "discovery { include 42 }"                       || "2:13: include takes a block { } or text, not 42"
        "descripton 'Copy'"                              || "2:1: unknown option 'descripton' in runbook; did you mean 'description'?"
        "description 42"                                 || "2:1: description takes text, not 42"
        "transform 'renam'"                              || "2:11: unknown transform 'renam' (did you mean 'rename'?); built-in transforms: collapse, explode, rename"
        "transform 'rename', from: 'app/', to: 'svc/'"   || "2:1: rename needs from: ~/REGEX/ and to: 'TEXT'"
        "transform 'rename', from: ~/(/, to: 'svc/'"     || "2:27: invalid regular expression: Unclosed group at index 1"
        "before 'executoin', { ctx -> }"                 || "2:1: unknown stage 'executoin'; stages are discovery, planning, execution, validation"
        "target azur(vault: 'v')"                        || "2:8: unknown provider scheme 'azur' (did you mean 'azure'?); known schemes: aws, azure, file, flaky, local, memory"
        "target 'vault:secret/app'"                      || "2:8: unknown provider scheme 'vault'; known schemes: aws, azure, file, flaky, local, memory"
        "target 'new.db'"                                || "2:8: 'new.db' is not a provider URI; write SCHEME:LOCATION, for example local:secrets.db or memory:"
        "target aws(['us-east-1'])"                      || "2:8: aws(...) takes one location and named options, as in aws('LOCATION', name: 'value'), not a list"
        "target azure('a', 'b')"                         || "2:8: azure(...) takes one location and named options, as in azure('LOCATION', name: 'value'), not a second location"
        "target aws(region: ['us-east-1'])"              || "2:8: aws option 'region' must be text, a number, true or false, not a list"
        "runbook { }"                                    || "2:1: unknown option 'runbook' in runbook; it belongs at the top level"
        "schedule cron: '0 2 * *', window: '2h'"         || "2:10: cron expression '0 2 * *' cannot be read (Cron expression contains 4 parts but we expect one of [5]); give five fields, minute hour day-of-month month day-of-week, for example '0 2 * * 0' for Sundays at 02:00"
        "schedule cron: '0 25 * * 0', window: '2h'"      || "2:10: cron expression '0 25 * * 0' cannot be read (Failed to parse cron expression. Value 25 not in range [0, 23]); give five fields, minute hour day-of-month month day-of-week, for example '0 2 * * 0' for Sundays at 02:00"
        "schedule cron: '0 2 * * 0', window: 'two hours'" || "2:10: window 'two hours' is not a duration; write it as a whole number and a unit: 500ms, 30s, 5m, 1h or 1d"
        "schedule cron: '0 2 * * 0', window: '0'"        || "2:10: window '0' is out of range; give a duration above 0 and at most 7d, for example window: '2h'"
        "schedule cron: '0 2 * * 0', window: '8d'"       || "2:10: window '8d' is out of range; give a duration above 0 and at most 7d, for example window: '2h'"
        "schedule cron: '0 2 * * 0'"                     || "2:10: schedule cron: '0 2 * * 0' needs a window: how long each one stays open, for example window: '2h'"
        "schedule window: '2h'"                          || "2:10: a schedule needs a cron expression: schedule cron: '0 2 * * 0', window: '2h'"
        "schedule cron: '0 2 * * 0', window: '2h', zone: 'UTC'" || "2:10: schedule takes cron: and window:, not zone; for example: schedule cron: '0 2 * * 0', window: '2h'"
    }

    def "a file #problem is reported as #expected"() {
        expect:
        problems(source) == expected

        where:
        problem                             | source                                                               || expected
        'without a runbook block'           | "def x = 1"                                                          || ["1:1: no runbook { } block; describe the migration in runbook { ... }"]
        'with a misspelt runbook block'     | "runbok {\n}"                                                        || ["1:1: unknown method 'runbok'; did you mean 'runbook'?"]
        'with an unknown top-level method'  | "prnt 'x'\n$OPENING }"                                               || ["1:1: unknown method 'prnt'; the top level knows env, runbook and the provider functions aws, azure, file, flaky, local, memory"]
        'with a misspelt provider function' | "def src = awz(region: 'x')\n$OPENING }"                             || ["1:11: unknown method 'awz'; did you mean the provider function 'aws'?"]
        'with two runbook blocks'           | "$OPENING }\n$OPENING }"                                             || ["2:1: a runbook file holds one runbook block; the first is at line 1"]
        'whose runbook has no source'       | "runbook {\n    target 'azure:new'\n}"                               || ["1:1: the runbook has no source; add one, for example: source 'local:secrets.db'"]
        'whose runbook has no target'       | "runbook {\n    source 'aws:old'\n}"                                 || ["1:1: the runbook has no target; add one, for example: target 'local:new.db'"]
        'whose runbook is not a block'      | "runbook 'copy'"                                                     || ["1:1: runbook takes one block: runbook { ... }"]
        'with an unclosed block'            | "runbook {\n    source 'aws:old'\n"                                  || ["1:9: unexpected input '{'; a bracket is missing or extra between this one and its closing one"]
        'with an unclosed string'           | "runbook {\n    source 'aws:old\n}"                                  || ["2:12: unexpected character '\\''; a string is not closed on this line"]
        'with a misplaced hook'             | "$OPENING\n    before { ctx -> }\n}"                                   || ["2:5: before takes text and a block { }, not a block { }"]
        'with an unknown class'             | "$OPENING\n    def checker = new Checker()\n}"                       || ['2:19: unable to resolve class Checker']
    }

    def "a runbook with three mistakes reports all three, in file order, before any of its code runs"() {
        given:
        String source = '''\
            System.setProperty('ferry.dsl.test.ran', 'yes')
            runbook {
                source 'aws:old'
                target 'azure:new'
                execution { concurency 8 }
                planning {
                    onExisting 'overwrite'
                }
                validation { minMatchRate 1.5 }
            }'''.stripIndent()

        when:
        compile(source)

        then:
        RunbookException e = thrown()
        e.problems() == [
                new RunbookProblem(FILE, 5, 17, "unknown option 'concurency' in execution; did you mean 'concurrency'?"),
                new RunbookProblem(FILE, 7, 20, "onExisting 'overwrite' is not one of 'skip', 'update', 'fail'"),
                new RunbookProblem(FILE, 9, 31, "minMatchRate must be between 0 and 1, got 1.5"),
        ]
        e.message == """\
            $FILE:5:17: unknown option 'concurency' in execution; did you mean 'concurrency'?
            $FILE:7:20: onExisting 'overwrite' is not one of 'skip', 'update', 'fail'
            $FILE:9:31: minMatchRate must be between 0 and 1, got 1.5""".stripIndent()
        System.getProperty('ferry.dsl.test.ran') == null
    }

    def "a value only known when the script runs is checked then, at its line: #problem"() {
        expect:
        problems(source) == expected

        where:
        problem                       | source                                                                                        || expected
        'a computed number'           | "def n = 0\n$OPENING\n    execution { concurrency n }\n}"                                     || ["3:1: concurrency must be between 1 and 256, got 0"]
        'a computed choice'           | "def word = 'fl' + 'g'\n$OPENING\n    execution { onError word }\n}"                       || ["3:1: onError 'flg' is not one of 'skip', 'stop', 'flag'"]
        'a computed transform name'   | "def name = 'renam'\n$OPENING\n    transform name\n}"                                      || ["3:1: unknown transform 'renam' (did you mean 'rename'?); built-in transforms: collapse, explode, rename"]
        'a computed scheme'           | "def scheme = 'awz'\nrunbook {\n    source \"\$scheme:old\"\n    target 'azure:new'\n}"       || ["3:1: unknown provider scheme 'awz' (did you mean 'aws'?); known schemes: aws, azure, file, flaky, local, memory"]
        'a value of the wrong kind'   | "def n = 'eight'\n$OPENING\n    execution { concurrency n }\n}"                             || ["3:1: concurrency takes a whole number, not text"]
        'a source set conditionally'  | "def copy = false\nrunbook {\n    if (copy) source 'aws:old'\n    target 'azure:new'\n}"    || ["2:1: runbook 'V1__test' has no source; add: source 'SCHEME:LOCATION'"]
        'an undefined variable'       | "$OPENING\n    description teamName\n}"                                                   || ["2:1: no variable or property 'teamName' here; declare it with def, or check its spelling"]
        'a null value'                | "def s = null\n$OPENING\n    description s.trim()\n}"                                     || ["3:1: a null value was used where a value is needed: Cannot invoke method trim() on null object"]
        'a runbook block not reached' | "if (false) {\n    $OPENING }\n}"                                                          || ["0:0: no runbook { } block ran; describe the migration in runbook { ... }"]
    }

    def "every mistake met while the script runs is reported, not only the first"() {
        expect:
        problems("""\
            def n = 0
            def word = 'flg'
            $OPENING
                execution { concurrency n }
                planning { onExisting word }
            }""".stripIndent()) == [
                "4:1: concurrency must be between 1 and 256, got 0",
                "5:1: onExisting 'flg' is not one of 'skip', 'update', 'fail'",
        ]
    }

    def "an exception the script throws is reported by class and line, without its message"() {
        when:
        compile("def token = 'hunter2'\n$OPENING }\nthrow new IllegalStateException(token)")

        then:
        RunbookException e = thrown()
        e.problems()*.toString() == ["$FILE:3:1: the script threw java.lang.IllegalStateException (its message is not shown, as it may hold a secret)".toString()]
        !e.message.contains('hunter2')
    }

    def "a failed assert is reported without the values it shows"() {
        when:
        compile("def token = 'hunter2'\nassert token == 'x'\n$OPENING }")

        then:
        RunbookException e = thrown()
        e.message == "$FILE:2:1: an assert failed (its message is not shown, as it may hold a secret)"
    }

    def "a file that cannot be read is reported as a problem of the whole file"() {
        when:
        compiler.compile(Path.of('no-such-dir/V9__missing.groovy'))

        then:
        RunbookException e = thrown()
        e.message == 'no-such-dir/V9__missing.groovy: cannot read the runbook file (NoSuchFileException)'
    }
}
