package io.ferry.support

import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset

/** A clock that stands still until a specification moves it: time passes only when the spec says so. */
class SettableClock extends Clock {

    private volatile Instant now

    SettableClock(String instant) {
        this.now = Instant.parse(instant)
    }

    void set(String instant) {
        now = Instant.parse(instant)
    }

    @Override
    ZoneId getZone() {
        ZoneOffset.UTC
    }

    @Override
    Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException('the specifications read windows in UTC')
    }

    @Override
    Instant instant() {
        now
    }
}
