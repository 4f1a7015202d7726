package dev.secretsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The benchmark's SVG charts: well-formed XML, points and ticks where the values put them. */
class SvgChartTest {
  private static final double PLOT_LEFT = SvgChart.LEFT;
  private static final double PLOT_RIGHT = SvgChart.WIDTH - SvgChart.RIGHT;
  private static final double PLOT_TOP = SvgChart.TOP;
  private static final double PLOT_BOTTOM = SvgChart.HEIGHT - SvgChart.BOTTOM;

  @Test
  void linearAxesPutPointsInProportionAndTicksAtRoundValues() throws Exception {
    SvgChart c = new SvgChart("t", "secrets", "seconds", false, false);
    c.add("a", List.of(new double[] {0, 0}, new double[] {50, 5}, new double[] {100, 10}), false);
    Document doc = parse(c.toSvg());

    Element mid = circle(doc, "50", "5");
    assertThat(attr(mid, "cx")).isCloseTo((PLOT_LEFT + PLOT_RIGHT) / 2, within(0.1));
    assertThat(attr(mid, "cy")).isCloseTo((PLOT_TOP + PLOT_BOTTOM) / 2, within(0.1));
    Element origin = circle(doc, "0", "0");
    assertThat(attr(origin, "cx")).isCloseTo(PLOT_LEFT, within(0.1));
    assertThat(attr(origin, "cy")).isCloseTo(PLOT_BOTTOM, within(0.1));
    assertThat(texts(doc, "x-tick")).containsExactly("0", "20", "40", "60", "80", "100");
    assertThat(texts(doc, "y-tick")).containsExactly("0", "2", "4", "6", "8", "10");
    assertThat(texts(doc, "x-label")).containsExactly("secrets");
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(1);
  }

  @Test
  void logAxesSpanWholeDecadesAndDropValuesTheyCannotShow() throws Exception {
    SvgChart c = new SvgChart("calls", "secrets", "calls", true, true);
    c.add(
        "noop",
        List.of(new double[] {1_000, 10}, new double[] {10_000, 100}, new double[] {100_000, 0}),
        false);
    c.add("cold", List.of(new double[] {1_000, 1_004}, new double[] {100_000, 100_004}), true);
    Document doc = parse(c.toSvg());

    assertThat(texts(doc, "x-tick")).containsExactly("1k", "10k", "100k");
    assertThat(texts(doc, "y-tick")).containsExactly("10", "100", "1k", "10k", "100k", "1M");
    // 10k is the middle decade of 1k..100k; 100 is one decade of five above 10.
    Element p = circle(doc, "10000", "100");
    assertThat(attr(p, "cx")).isCloseTo((PLOT_LEFT + PLOT_RIGHT) / 2, within(0.1));
    assertThat(attr(p, "cy")).isCloseTo(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) / 5, within(0.1));
    assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(4); // the 0 is left out
    assertThat(texts(doc, "x-label")).containsExactly("secrets (log scale)");
    assertThat(texts(doc, "legend")).containsExactly("noop", "cold");
    NodeList lines = doc.getElementsByTagName("polyline");
    assertThat(((Element) lines.item(1)).getAttribute("stroke-dasharray")).isNotEmpty();
    assertThat(((Element) lines.item(0)).getAttribute("stroke-dasharray")).isEmpty();
  }

  @Test
  void textIsEscaped() throws Exception {
    SvgChart c = new SvgChart("a < b & \"c\"", "x", "y", false, false);
    c.add("<series>", List.<double[]>of(new double[] {1, 1}), false);
    Document doc = parse(c.toSvg());
    assertThat(doc.getElementsByTagName("title").item(0).getTextContent())
        .isEqualTo("a < b & \"c\"");
    assertThat(texts(doc, "legend")).containsExactly("<series>");
  }

  @Test
  void curveChartsDrawEveryMeasuredPointOfARun(@TempDir Path dir) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Object> points = new ArrayList<>();
    points.add(point("single", 10_000, 1, 8_000, 128));
    points.add(point("single", 1_000, 1, 2_000, 32));
    points.add(point("fanout", 10_000, 10, 9_000, 96));
    points.add(Map.of("point", "single-100kx1", "failed", "exit 1"));
    doc.put("points", points);

    List<Path> files = CurveCharts.write(doc, dir);

    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .contains(
            "time-vs-secrets.svg",
            "calls-vs-secrets.svg",
            "heap-vs-secrets.svg",
            "time-vs-accounts.svg");
    for (Path f : files) {
      parse(Files.readString(f));
    }
    Document time = parse(Files.readString(dir.resolve("time-vs-secrets.svg")));
    assertThat(circle(time, "1000", "2")).isNotNull(); // 2,000 ms = 2 s
    assertThat(circle(time, "10000", "8")).isNotNull();
    Document heap = parse(Files.readString(dir.resolve("heap-vs-secrets.svg")));
    assertThat(circle(heap, "10000", "128")).isNotNull();
    assertThat(CurveCharts.table(doc))
        .contains("| 1k × 1 | no-op | 2.0 (1.0) |")
        .contains("| 10k × 10 (fan-out) | cold |")
        .contains("| 128 MB |");
  }

  private static Map<String, Object> point(
      String world, int secrets, int accounts, double ms, int xmx) {
    Map<String, Object> runs = new LinkedHashMap<>();
    for (String r : List.of("cold", "noop", "one_change")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("pipeline_ms", ms);
      m.put("bound_ms", ms / 2);
      m.put("wall_ms", ms + 1_000);
      m.put("aws_calls", secrets / 100 + 3);
      m.put("aws_calls_bound", secrets / 100 + 3);
      m.put("vault_calls", secrets + 2);
      m.put("writes", r.equals("cold") ? secrets : 0);
      m.put("s3_calls", 2);
      m.put("cli_cpu_ms", ms * 1.5);
      m.put("peak_heap_mb", 150.0);
      m.put("load_1m_before", 3.5);
      runs.put(r, m);
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("world", world);
    p.put("secrets", secrets);
    p.put("accounts", accounts);
    p.put("runs", runs);
    p.put("heap_search", Map.of("min_xmx_mb", xmx, "exact", true));
    return p;
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    return doc;
  }

  private static Element circle(Document doc, String x, String y) {
    NodeList all = doc.getElementsByTagName("circle");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.getAttribute("data-x").equals(x) && e.getAttribute("data-y").equals(y)) {
        return e;
      }
    }
    throw new AssertionError("no point at (" + x + ", " + y + ")");
  }

  private static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }

  private static List<String> texts(Document doc, String cls) {
    List<String> out = new ArrayList<>();
    NodeList all = doc.getElementsByTagName("text");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.getAttribute("class").equals(cls)) {
        out.add(e.getTextContent());
      }
    }
    return out;
  }
}
