package io.pretext.inference;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * The responses of an inference operation for the OpenAPI document: 200 (springdoc fills in its
 * body from the method) and the error codes it sends besides the ones every route can (the web
 * module gives each the problem schema).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = "OK")
@ApiResponse(responseCode = "409", description = "The model version cannot be loaded (its checkpoint is gone)")
@ApiResponse(responseCode = "413", description = "Too many inputs, or an image larger than the configured limit")
@ApiResponse(responseCode = "422", description = "The model reads the other modality (images vs texts), or has no "
        + "classifier head (classifications)")
@ApiResponse(responseCode = "429", description = "The model already has as many requests as it answers within the "
        + "timeout (refused before the body is read) or its queue is full, or too many failed authentications; retry "
        + "after Retry-After seconds")
@ApiResponse(responseCode = "503", description = "The request ran out of time; retry after Retry-After seconds")
@interface InferenceErrors {
}
