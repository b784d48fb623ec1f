/**
 * The training child's side of the supervisor protocol: control requests read from stdin
 * ({@code stop}, {@code release}), events written to stdout, the context a job runs with and the
 * dispatch of a request to the job of its kind.
 */
package io.pretext.training.child;
