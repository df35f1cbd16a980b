package io.warrenmq.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordTableTest {

    @Test
    void looksUpWordsByRegionOfALargerString() {
        WordTable<Integer> table = new WordTable<>();
        table.put("b", 1);
        table.put("", 2);
        String key = "a.b..c";
        assertEquals(1, table.get(key, 2, 3));
        assertEquals(2, table.get(key, 4, 4));
        assertNull(table.get(key, 0, 1));
        assertNull(table.get(key, 2, 4), "'b.' is not 'b'");
    }

    @Test
    void behavesLikeAMapThroughGrowthAndRemoval() {
        WordTable<Integer> table = new WordTable<>();
        Map<String, Integer> model = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String word = Integer.toString(random.nextInt(2_000), 36);
            if (model.containsKey(word)) {
                assertEquals(model.remove(word), table.remove(word));
            } else {
                model.put(word, i);
                table.put(word, i);
            }
            assertEquals(model.size(), table.size());
        }
        model.forEach((word, value) -> assertEquals(value, table.get("." + word + ".", 1, word.length() + 1)));
        assertNull(table.remove("not-there"));
        model.keySet().forEach(table::remove);
        assertTrue(table.isEmpty());
    }
}
