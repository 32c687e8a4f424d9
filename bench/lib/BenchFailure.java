/**
 * Something that makes the rest of a bench run meaningless. Unchecked so that it passes through the measuring code
 * untouched; each bench's main catches it, prints the message and exits with status 1.
 */
final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchFailure(String message) {
        super(message);
    }
}
