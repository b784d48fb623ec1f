package io.pretext.training.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ByolMomentumTest {

    @Test
    void the_momentum_rises_from_its_base_to_one_on_a_cosine() {
        assertThat(Byol.momentum(0.99, 0)).isCloseTo(0.99, within(1e-12));
        assertThat(Byol.momentum(0.99, 0.5)).isCloseTo(0.995, within(1e-12));
        assertThat(Byol.momentum(0.99, 1)).isCloseTo(1.0, within(1e-12));
    }
}
