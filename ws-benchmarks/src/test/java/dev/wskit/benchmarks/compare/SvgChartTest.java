package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {

    @Test
    void drawsWellFormedSvgWithAPanelPerEchoCell() throws Exception {
        Document svg = parse(SvgChart.format(Fixtures.report()));
        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
        List<String> texts = texts(svg);
        assertTrue(texts.contains("wskit transport comparison (quick mode)"), texts.toString());
        assertTrue(texts.stream().anyMatch(text -> text.startsWith("2 cores (Test CPU <x86>), 24.0 GiB")),
            texts.toString());
        assertTrue(texts.contains("Echo, 125 B × 1 connection: round trips/s"), texts.toString());
        assertTrue(texts.contains("Echo, 125 B × 64 connections: round trips/s"), texts.toString());
        assertTrue(texts.contains("failed"), texts.toString());
        assertTrue(texts.contains("55,000"), texts.toString());
    }

    @Test
    void showsTheServersCpuPerMessageInAColumnOfItsOwn() throws Exception {
        Document svg = parse(SvgChart.format(Fixtures.report()));
        List<Element> cpu = elements(svg).stream().filter(text -> text.getTextContent().equals("10.0 µs")).toList();
        // Fixtures: 10 µs of server CPU per message on every run; three bars in the first panel, two in the
        // second (and the failed one without), two in the open-loop panel.
        assertEquals(7, cpu.size());
        assertTrue(cpu.stream().allMatch(text -> text.getAttribute("text-anchor").equals("end")
            && text.getAttribute("fill").equals("#777777")));
        assertEquals(3, elements(svg).stream().filter(text -> text.getTextContent().equals("CPU/msg")).count());
        assertTrue(texts(svg).stream().anyMatch(text -> text.endsWith("Grey column: server CPU per message, lower "
            + "is better.")), texts(svg).toString());
    }

    @Test
    void drawsOpenLoopCellsAsLatencyPanelsAfterTheClosedLoop() throws Exception {
        List<SvgChart.Panel> panels = SvgChart.panels(Fixtures.report());
        assertEquals(List.of("Echo, 125 B × 1 connection: round trips/s",
            "Echo, 125 B × 64 connections: round trips/s",
            "Open loop, 125 B × 64 connections at 10,000/s: p99 latency"),
            panels.stream().map(SvgChart.Panel::title).toList());
        SvgChart.Panel open = panels.getLast();
        assertTrue(open.micros());
        assertEquals(100_000, open.bars().getFirst().spread().mean());
        assertEquals(80_000, open.bars().getFirst().spread().min());
        List<String> texts = texts(parse(SvgChart.format(Fixtures.report())));
        assertTrue(texts.containsAll(List.of("100 µs", "60.0 µs")), texts.toString());
    }

    @Test
    void marksAnOpenLoopTheServerFellBehind() throws Exception {
        Cell open = Cell.paced(125, 64, 10_000);
        Run behind = new Run(6_000, 750_000, 1_000_000_000, 0, 1_000, 900_000_000, 950_000_000);
        Report report = new Report("custom", Fixtures.MACHINE, Fixtures.report().timing(),
            Fixtures.report().started(), Fixtures.report().took(), List.of(Fixtures.NETTY, Fixtures.NIO), List.of(
                Measurement.ofRuns(Fixtures.NETTY, open, List.of(behind)),
                Measurement.ofRuns(Fixtures.NIO, open, List.of(Fixtures.paced(60_000)))));
        List<String> texts = texts(parse(SvgChart.format(report)));
        assertTrue(texts.contains("900 ms (behind)"), texts.toString());
        assertTrue(texts.contains("60.0 µs"), texts.toString());
    }

    @Test
    void scalesBarsToThePanelsLargestValue() throws Exception {
        Document svg = parse(SvgChart.format(Fixtures.report()));
        NodeList rects = svg.getElementsByTagName("rect");
        List<Double> widths = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.hasAttribute("fill-opacity")) {
                widths.add(Double.parseDouble(rect.getAttribute("width")));
            }
        }
        assertEquals(7, widths.size());
        assertEquals(widths.get(0) * 30 / 55, widths.get(1), 0.1);
        assertEquals(widths.get(0) * 42 / 55, widths.get(2), 0.1);
    }

    @Test
    void colorsTargetsByServerAndTransport() {
        assertEquals("#7f7f7f", SvgChart.color(Target.rawTcp()));
        assertEquals("#f28e2b", SvgChart.color(Target.netty(true, false)));
        assertEquals("#ff9da7", SvgChart.color(Target.peer(Target.Server.JETTY, false, false)));
        assertEquals("#9c755f", SvgChart.color(Target.peer(Target.Server.VERTX, false, true)));
        assertTrue(SvgChart.color(Target.wskit("nio", false, false)).startsWith("#"));
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", SvgChart.escape("a <b> & \"c\""));
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static List<String> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
