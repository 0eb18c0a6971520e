/**
 * The planner: discovery stream, transforms, target mapping, and one {@link io.ferry.state.Action}
 * per record with its reason, journaled in batches. Internal to the engine.
 */
package io.ferry.plan;
