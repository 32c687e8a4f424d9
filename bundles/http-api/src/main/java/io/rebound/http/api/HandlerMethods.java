package io.rebound.http.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link HttpHandler#METHODS}:
 * {@code @HandlerMethods(methods = {"GET", "HEAD", "PUT"})}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HandlerMethods {

    /** Prefix that maps {@link #methods()} to {@value HttpHandler#METHODS}. */
    String PREFIX_ = "rebound.http.";

    /** @return the accepted methods, upper case */
    String[] methods();
}
