package io.rebound.files.internal;

import io.rebound.http.api.HttpRequest;

/**
 * Splits a request path into the prefix the handler is mounted at and the raw path below it. Normally the mount is
 * {@code /} and the prefix empty; configuration may mount the handler deeper (for example {@code /static}).
 *
 * @param prefix the mount without its trailing slash, {@code ""} for {@code /}
 * @param relativePath the raw path below the mount, starting with {@code /}, or empty for the bare mount point;
 *        {@code null} when the path is not under the mount at a segment boundary
 */
record MountedPath(String prefix, String relativePath) {

    static MountedPath of(HttpRequest request) {
        String path = request.path();
        String mount = request.handlerPath();
        if (mount == null || mount.isEmpty() || mount.equals("/")) {
            return new MountedPath("", path);
        }
        String prefix = mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
        if (path == null || !path.startsWith(prefix)) {
            return new MountedPath(prefix, null);
        }
        String rest = path.substring(prefix.length());
        return new MountedPath(prefix, rest.isEmpty() || rest.startsWith("/") ? rest : null);
    }
}
