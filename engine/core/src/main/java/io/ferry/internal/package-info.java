/** Helpers shared by the engine's packages. Internal: no compatibility guarantees. */
package io.ferry.internal;
