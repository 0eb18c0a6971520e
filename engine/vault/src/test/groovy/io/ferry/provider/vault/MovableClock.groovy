package io.ferry.provider.vault

import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset

/** A clock a test moves forward, to make tokens expire without waiting. */
class MovableClock extends Clock {

    volatile Instant now = Instant.now()

    void advance(Duration by) {
        now = now + by
    }

    ZoneId getZone() {
        ZoneOffset.UTC
    }

    Clock withZone(ZoneId zone) {
        this
    }

    Instant instant() {
        now
    }
}
