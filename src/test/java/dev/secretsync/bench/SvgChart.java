package dev.secretsync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart for the benchmark's curves: one or more series of (x, y) points, linear or
 * logarithmic axes with ticks at round values (1, 2, 5 × 10ⁿ; decades on a log axis), axis labels,
 * a title and a legend. Self-contained SVG 1.1, no scripts or external fonts, so it renders the
 * same in a browser, in GitHub's Markdown view and in an XML parser. Each point is a {@code circle}
 * with {@code data-x} and {@code data-y} holding its values.
 */
final class SvgChart {
  static final int WIDTH = 760;
  static final int HEIGHT = 440;
  static final int LEFT = 80;
  static final int RIGHT = 210;
  static final int TOP = 44;
  static final int BOTTOM = 64;
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"
  };

  /** One line: its name in the legend, its points in x order, dashed or solid, its colour. */
  record Series(String name, List<double[]> points, boolean dashed, int colour) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();
  private Axis x;
  private Axis y;

  SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
    this.logY = logY;
  }

  /** Adds a series in the next colour; see {@link #add(String, List, boolean, int)}. */
  SvgChart add(String name, List<double[]> points, boolean dashed) {
    return add(name, points, dashed, series.size());
  }

  /**
   * Adds a series in colour number {@code colour} (a bound drawn dashed in its measurement's
   * colour); points with a value a log axis cannot show (≤ 0) are left out.
   */
  SvgChart add(String name, List<double[]> points, boolean dashed, int colour) {
    List<double[]> kept = new ArrayList<>();
    for (double[] p : points) {
      if ((!logX || p[0] > 0) && (!logY || p[1] > 0) && Double.isFinite(p[1])) {
        kept.add(p);
      }
    }
    series.add(new Series(name, kept, dashed, colour));
    x = null;
    return this;
  }

  /** Pixel x of value {@code v} (after {@link #toSvg()} or {@link #layout()}). */
  double px(double v) {
    layout();
    return LEFT + x.fraction(v) * (WIDTH - LEFT - RIGHT);
  }

  /** Pixel y of value {@code v}. */
  double py(double v) {
    layout();
    return HEIGHT - BOTTOM - y.fraction(v) * (HEIGHT - TOP - BOTTOM);
  }

  void layout() {
    if (x != null) {
      return;
    }
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (minX > maxX) { // no points at all
      minX = 1;
      maxX = 10;
      minY = 1;
      maxY = 10;
    }
    x = Axis.of(minX, maxX, logX, true);
    y = Axis.of(minY, maxY, logY, true);
  }

  String toSvg() {
    layout();
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    b.append("<title>").append(esc(title)).append("</title>\n");
    b.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    text(
        b,
        (LEFT + WIDTH - RIGHT) / 2.0,
        24,
        "middle",
        "font-size=\"15\" font-weight=\"bold\"",
        title);
    int plotRight = WIDTH - RIGHT;
    int plotBottom = HEIGHT - BOTTOM;
    // Grid and ticks.
    b.append("<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n");
    for (double t : x.ticks) {
      line(b, px(t), TOP, px(t), plotBottom, "");
    }
    for (double t : y.ticks) {
      line(b, LEFT, py(t), plotRight, py(t), "");
    }
    b.append("</g>\n<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n");
    line(b, LEFT, plotBottom, plotRight, plotBottom, "");
    line(b, LEFT, TOP, LEFT, plotBottom, "");
    for (double t : x.ticks) {
      line(b, px(t), plotBottom, px(t), plotBottom + 5, "");
    }
    for (double t : y.ticks) {
      line(b, LEFT - 5, py(t), LEFT, py(t), "");
    }
    b.append("</g>\n<g class=\"tick-labels\">\n");
    for (double t : x.ticks) {
      text(b, px(t), plotBottom + 19, "middle", "class=\"x-tick\"", label(t));
    }
    for (double t : y.ticks) {
      text(b, LEFT - 8, py(t) + 4, "end", "class=\"y-tick\"", label(t));
    }
    b.append("</g>\n");
    text(
        b,
        (LEFT + plotRight) / 2.0,
        HEIGHT - 18,
        "middle",
        "class=\"x-label\"",
        xLabel + (logX ? " (log scale)" : ""));
    b.append(
        String.format(
            Locale.ROOT,
            "<text class=\"y-label\" x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\">%s</text>%n",
            (TOP + plotBottom) / 2.0,
            (TOP + plotBottom) / 2.0,
            esc(yLabel + (logY ? " (log scale)" : ""))));
    // Lines, points, legend.
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String colour = COLOURS[s.colour % COLOURS.length];
      b.append("<g class=\"series\" data-name=\"").append(esc(s.name)).append("\">\n");
      if (s.points.size() > 1) {
        StringBuilder pts = new StringBuilder();
        for (double[] p : s.points) {
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p[0]), py(p[1])));
        }
        b.append(
            String.format(
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                colour, s.dashed ? " stroke-dasharray=\"6 4\"" : "", pts.toString().trim()));
      }
      for (double[] p : s.points) {
        b.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" data-x=\"%s\" data-y=\"%s\"/>%n",
                px(p[0]),
                py(p[1]),
                colour,
                num(p[0]),
                num(p[1])));
      }
      b.append("</g>\n");
      double ly = TOP + 8 + i * 20;
      int lx = plotRight + 16;
      b.append(
          String.format(
              Locale.ROOT,
              "<line class=\"legend\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
              lx,
              ly,
              lx + 24,
              ly,
              colour,
              s.dashed ? " stroke-dasharray=\"6 4\"" : ""));
      text(b, lx + 30, ly + 4, "start", "class=\"legend\"", s.name);
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private static void line(
      StringBuilder b, double x1, double y1, double x2, double y2, String attrs) {
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"%s/>%n",
            x1,
            y1,
            x2,
            y2,
            attrs));
  }

  private static void text(
      StringBuilder b, double x, double y, String anchor, String attrs, String s) {
    b.append(
        String.format(
            Locale.ROOT,
            "<text %s x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
            attrs,
            x,
            y,
            anchor,
            esc(s)));
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** A tick label: 1k, 10k, 2.5M, 0.5, 120. */
  static String label(double v) {
    double a = Math.abs(v);
    if (a >= 1e6 && v % 1e5 == 0) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e3 && v % 100 == 0) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** One axis: its range and ticks. */
  record Axis(double lo, double hi, boolean log, List<Double> ticks) {
    static Axis of(double min, double max, boolean log, boolean fromZero) {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (hi <= lo) {
          hi = lo * 10;
        }
        for (double t = lo; t <= hi * 1.0001; t *= 10) {
          ticks.add((double) Math.round(t * 1e6) / 1e6);
        }
        return new Axis(lo, hi, true, ticks);
      }
      double lo = fromZero ? Math.min(0, min) : min;
      double hi = max;
      if (hi <= lo) {
        hi = lo + 1;
      }
      double step = niceStep((hi - lo) / 6);
      lo = Math.floor(lo / step) * step;
      hi = Math.ceil(hi / step) * step;
      for (double t = lo; t <= hi + step / 1000; t += step) {
        ticks.add((double) Math.round(t / step) * step);
      }
      return new Axis(lo, hi, false, ticks);
    }

    /** 1, 2 or 5 × 10ⁿ, at least {@code raw}. */
    static double niceStep(double raw) {
      double p = Math.pow(10, Math.floor(Math.log10(raw)));
      for (double m : new double[] {1, 2, 5, 10}) {
        if (m * p >= raw) {
          return m * p;
        }
      }
      return 10 * p;
    }

    double fraction(double v) {
      return log
          ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
          : (v - lo) / (hi - lo);
    }
  }
}
