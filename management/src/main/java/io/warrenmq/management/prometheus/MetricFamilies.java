package io.warrenmq.management.prometheus;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * A scrape being built: metric families added by name, each with one or more labelled points,
 * turned into the Prometheus library's {@link MetricSnapshots}. Counter names are given with the
 * {@code _total} suffix RabbitMQ's names have; the library's writers add it back.
 *
 * <p>Thread-safety: not thread-safe; one per scrape.
 */
final class MetricFamilies {
    private final MetricSnapshots.Builder out = MetricSnapshots.builder();

    /** One labelled value. */
    record Point(Labels labels, double value) {
        static Point of(double value) {
            return new Point(Labels.EMPTY, value);
        }
    }

    void gauge(String name, String help, double value) {
        gauge(name, help, List.of(Point.of(value)));
    }

    void gauge(String name, String help, List<Point> points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (Point p : points) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build());
        }
        out.metricSnapshot(b.build());
    }

    void counter(String nameWithTotal, String help, double value) {
        counter(nameWithTotal, help, List.of(Point.of(value)));
    }

    void counter(String nameWithTotal, String help, List<Point> points) {
        String name = nameWithTotal.endsWith("_total")
                ? nameWithTotal.substring(0, nameWithTotal.length() - "_total".length()) : nameWithTotal;
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (Point p : points) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build());
        }
        out.metricSnapshot(b.build());
    }

    /** An info metric: {@code nameWithInfo} ends with {@code _info}; its value is 1. */
    void info(String nameWithInfo, String help, Labels labels) {
        String name = nameWithInfo.substring(0, nameWithInfo.length() - "_info".length());
        out.metricSnapshot(InfoSnapshot.builder().name(name).help(help)
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels).build()).build());
    }

    /** Adds already built families (the JVM's), skipping any whose name is taken. */
    void addAll(MetricSnapshots more) {
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> list = new ArrayList<>();
        more.forEach(list::add);
        for (var s : list) {
            if (!out.containsMetricName(s.getMetadata().getName())) {
                out.metricSnapshot(s);
            }
        }
    }

    MetricSnapshots build() {
        return out.build();
    }
}
