package io.rebound.http.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link HttpHandler#PATH}: {@code @HandlerPath(path = "/kv")} on a DS component
 * that provides {@link HttpHandler}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HandlerPath {

    /** Prefix that maps {@link #path()} to {@value HttpHandler#PATH}. */
    String PREFIX_ = "rebound.http.";

    /** @return the path prefix served, starting with {@code /} */
    String path();
}
