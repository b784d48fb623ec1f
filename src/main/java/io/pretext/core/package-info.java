/** Process-wide settings shared by every module: data directory and roles. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.pretext.core;
