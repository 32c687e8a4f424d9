/**
 * Third-party components for {@link io.rebound.itests.ThirdPartyIT}: each subpackage becomes one throw-away bundle,
 * built by the test with TinyBundles and bnd and deployed into {@code <rebound.data>/deploy}. They know nothing of
 * Rebound (no Rebound imports; plain Declarative Services with hand-written component XML) and each has a bug the
 * recovery manager must deal with from the outside. One class set per bundle: the supervisor attributes a crash to
 * the bundle that contains the crashing frame's class.
 */
package io.rebound.itests.faulty;
