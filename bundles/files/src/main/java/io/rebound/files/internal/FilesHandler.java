package io.rebound.files.internal;

import java.io.IOException;
import java.util.Map;

import io.rebound.http.api.HandlerMethods;
import io.rebound.http.api.HandlerPath;
import io.rebound.http.api.HttpHandler;
import io.rebound.http.api.HttpRequest;
import io.rebound.http.api.HttpResponse;
import io.rebound.http.api.HttpStatus;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.FaultTarget;
import io.rebound.recovery.api.InvalidConfigurationException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Serves the files under the document root for GET and HEAD. Directories are served through their index file,
 * never listed. A path is decoded once and checked (see {@link DocumentPath}, {@link DocumentRoot}) before any
 * file is opened.
 *
 * <p>With fault injection ({@code rebound.faults=true}) the component offers its {@link FaultSwitch} as a
 * {@link FaultTarget}; injected faults strike in {@link #handle}.
 */
// Immediate, so that a reboot of the router (its only user) does not dispose and re-create this component.
@Component(name = FilesHandler.PID, service = HttpHandler.class, configurationPid = FilesHandler.PID,
        immediate = true)
@Designate(ocd = FilesConfiguration.class)
@HandlerPath(path = "/")
@HandlerMethods(methods = { "GET", "HEAD" })
public final class FilesHandler implements HttpHandler {

    static final String PID = "io.rebound.files";
    static final String ROOT_PROPERTY = "rebound.root";
    static final long FAULT_SLOW_MILLIS = 2000;

    private static final System.Logger LOG = System.getLogger(PID);

    private final DocumentRoot root;
    private final String indexFile;
    private final FileResponder responder;
    // Made with the instance, and SCR makes a new instance for every activation: the switch lives exactly as long
    // as one activation.
    private final FaultSwitch faults;

    /** @param properties configured as {@link FilesConfiguration} declares */
    @Activate
    public FilesHandler(BundleContext context, Map<String, Object> properties) {
        this(context, FilesSettings.of(properties));
    }

    private FilesHandler(BundleContext context, FilesSettings settings) {
        this(DocumentRoot.of(ROOT_PROPERTY, context.getProperty(ROOT_PROPERTY), settings.cacheWanted()), settings,
                new FaultSwitch("files", false, FAULT_SLOW_MILLIS));
        boolean faultsOn = faults.offer(context);
        LOG.log(System.Logger.Level.INFO, "serving files from " + root.realPath() + " (index " + indexFile
                + ", max-age " + settings.maxAgeSeconds() + "s, " + cacheDescription(settings)
                + (faultsOn ? ", faults on" : "") + ")");
    }

    private FilesHandler(DocumentRoot root, FilesSettings settings, FaultSwitch faults) {
        this(root, settings.indexFile(), settings.maxAgeSeconds(), cache(root, settings), faults);
    }

    /**
     * Streams every file (no cache).
     *
     * @throws IllegalArgumentException when the index file is not a plain file name or the max-age is negative
     */
    FilesHandler(DocumentRoot root, String indexFile, long maxAgeSeconds) {
        this(root, indexFile, maxAgeSeconds, FileContentCache.off(),
                new FaultSwitch("files", false, FAULT_SLOW_MILLIS));
    }

    FilesHandler(DocumentRoot root, String indexFile, long maxAgeSeconds, FileContentCache cache,
            FaultSwitch faults) {
        this.faults = faults;
        this.root = root;
        this.indexFile = validIndexFile(indexFile);
        if (maxAgeSeconds < 0) {
            throw new InvalidConfigurationException(PID, "max.age.seconds must not be negative, was " + maxAgeSeconds);
        }
        this.responder = new FileResponder(maxAgeSeconds, cache);
    }

    /**
     * @throws InvalidConfigurationException when a cache size is negative
     */
    private static FileContentCache cache(DocumentRoot root, FilesSettings settings) {
        FileContentCache cache = new FileContentCache(settings.cacheMaxFileBytes(), settings.cacheMaxBytes(),
                FileContentCache.SYSTEM_CLOCK);
        // Without change times a copy cannot be proven current: stream everything rather than risk a stale file.
        return root.reportsChangeTimes() ? cache : FileContentCache.off();
    }

    private String cacheDescription(FilesSettings settings) {
        if (responder.cachesFiles()) {
            return "files up to " + settings.cacheMaxFileBytes() + " bytes cached, " + settings.cacheMaxBytes()
                    + " bytes in all";
        }
        return settings.cacheWanted() ? "no file cache: the file system reports no change times to check copies against"
                : "no file cache";
    }

    /** Closing the switch ends injected faults with this instance, as a reboot ends real ones. */
    @Deactivate
    void deactivate() {
        faults.close();
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        faults.onCall();
        String method = request.method();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            // The router filters methods; this only guards against a configuration that widened them.
            response.header("Allow", "GET, HEAD");
            StatusPage.send(response, HttpStatus.METHOD_NOT_ALLOWED);
            return;
        }
        MountedPath mounted = MountedPath.of(request);
        try {
            if (mounted.relativePath() == null) {
                throw new RequestRejection(HttpStatus.NOT_FOUND, "path is not under the handler's mount point");
            }
            DocumentPath path = DocumentPath.parse(mounted.relativePath());
            LocatedFile file = root.locate(path.segments());
            if (file.isDirectory()) {
                if (!path.trailingSlash()) {
                    redirect(response, mounted.prefix() + path.encodedDirectory(), request.query());
                    return;
                }
                file = root.locateIn(file, indexFile);
            } else if (path.trailingSlash()) {
                throw new RequestRejection(HttpStatus.NOT_FOUND, "a file named as a directory");
            }
            responder.respond(request, response, file);
        } catch (RequestRejection rejection) {
            log(request, rejection);
            if (!response.committed()) {
                StatusPage.send(response, rejection.status());
            }
        }
    }

    // 301 so relative links inside the directory's index resolve against the directory.
    private static void redirect(HttpResponse response, String location, String query) throws IOException {
        response.header("Location", query == null || !isPrintableAscii(query) ? location : location + '?' + query);
        StatusPage.send(response, HttpStatus.MOVED_PERMANENTLY);
    }

    private static void log(HttpRequest request, RequestRejection rejection) {
        String line = request.method() + ' ' + printable(request.path()) + " -> " + rejection.status() + ": "
                + rejection.getMessage();
        if (rejection.status() >= 500) {
            LOG.log(System.Logger.Level.WARNING, line + " (" + rejection.getCause() + ')', rejection.getCause());
        } else if (rejection.status() == HttpStatus.NOT_FOUND) {
            LOG.log(System.Logger.Level.DEBUG, line); // a miss, not an error: browsers ask for favicons all day
        } else {
            // A malformed or forbidden path is bad input (a traversal attempt, often): one line saying why.
            LOG.log(System.Logger.Level.INFO, line);
        }
    }

    private static String validIndexFile(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || hasControlCharacter(name)) {
            throw new InvalidConfigurationException(PID, "index.file must be a plain file name, was '" + name + "'");
        }
        return name;
    }

    // Loops rather than streams with lambdas here: this class is loaded anew on every reboot, and each lambda's
    // first use costs a generated class while requests wait for the new instance.
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    // The path is logged as received; keep a hostile one from forging log lines.
    private static String printable(String text) {
        return text == null || isPrintableAscii(text) ? text : text.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
