package io.warrenmq.testkit.spring;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: gives a test class annotated with
 * {@link EmbeddedWarren} (itself, a superclass or an enclosing class) an {@link EmbeddedWarrenContextCustomizer}.
 */
public final class EmbeddedWarrenContextCustomizerFactory implements ContextCustomizerFactory {
    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedWarren annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedWarren.class);
        return annotation == null ? null
                : new EmbeddedWarrenContextCustomizer(List.of(annotation.definitions()), annotation.management());
    }
}
