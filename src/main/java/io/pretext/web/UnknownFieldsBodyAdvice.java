package io.pretext.web;

import java.lang.reflect.Type;
import java.util.List;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Switches {@link UnknownFields} on while a JSON request body is read and answers 400 naming every
 * unknown field at once when there were any.
 */
@ControllerAdvice
class UnknownFieldsBodyAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        UnknownFields.start();
        return input;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        List<FieldError> unknown = new java.util.ArrayList<>(UnknownFields.drain());
        unknown.sort(java.util.Comparator.comparing(FieldError::field));
        if (!unknown.isEmpty()) {
            throw new ValidationException(400, unknown.size() == 1 ? "Unknown field " + unknown.get(0).field()
                    : unknown.size() + " unknown fields: " + String.join(", ",
                            unknown.stream().map(FieldError::field).toList()), unknown);
        }
        return body;
    }

    @Override
    public Object handleEmptyBody(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        UnknownFields.drain();
        return body;
    }
}
