package com.allezon.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

    @Test
    void aMissingToolFailsUnderCiAndSkipsElsewhere() {
        Class<? extends Throwable> expected = ExternalTool.underCi() ? AssertionFailedError.class : TestAbortedException.class;
        assertThatThrownBy(() -> ExternalTool.require("no-such-package", "no-such-tool-for-allezon"))
                .isInstanceOf(expected)
                .hasMessageContaining("no-such-package");
    }
}
