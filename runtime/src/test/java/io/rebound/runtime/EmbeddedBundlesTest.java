package io.rebound.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class EmbeddedBundlesTest {

    @Test
    void indexSkipsCommentsAndBlankLinesAndKeepsOrder() {
        assertEquals(List.of("b.jar", "a.jar", "c.jar"),
                EmbeddedBundles.parseIndex("# generated\nb.jar\r\n\n  a.jar  \n#x.jar\nc.jar"));
    }

    @Test
    void emptyIndex() {
        assertEquals(List.of(), EmbeddedBundles.parseIndex("# nothing\n\n"));
    }
}
