package io.pretext.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The shipped client ({@code client/pom.xml}) is versioned with the service and generated exactly
 * as the classes {@link GeneratedClientFlowTest} drives (the root pom's execution
 * {@code generated-client}): same document, generator, library, packages and options.
 */
class ClientModuleTest {

    /** Settings that only say where (and whether) the root build generates its test sources. */
    private static final Set<String> WHERE = Set.of("skip", "output", "addCompileSourceRoot",
            "addTestCompileSourceRoot", "skipIfSpecIsUnchanged", "inputSpec");

    @Test
    void the_client_module_has_the_services_version_and_generator() throws Exception {
        Document service = parse(Path.of("pom.xml"));
        Document client = parse(Path.of("client/pom.xml"));

        assertThat(child(client.getDocumentElement(), "groupId")).isEqualTo("io.pretext");
        assertThat(child(client.getDocumentElement(), "artifactId")).isEqualTo("pretext-client");
        assertThat(child(client.getDocumentElement(), "version"))
                .isEqualTo(child(service.getDocumentElement(), "version"));
        for (String property : new String[] {"openapi-generator.version", "httpmime.version"}) {
            assertThat(property(client, property)).as(property).isNotEmpty().isEqualTo(property(service, property));
        }
    }

    @Test
    void the_client_module_generates_what_the_flow_test_drives() throws Exception {
        Map<String, String> service = generation(parse(Path.of("pom.xml")));
        Map<String, String> client = generation(parse(Path.of("client/pom.xml")));

        assertThat(service.get("inputSpec")).isEqualTo("${project.basedir}/client/openapi.json");
        assertThat(client.get("inputSpec")).isEqualTo("${project.basedir}/openapi.json");
        service.keySet().removeAll(WHERE);
        client.keySet().removeAll(WHERE);
        assertThat(client).containsEntry("generatorName", "java").containsEntry("library", "native")
                .containsEntry("configOptions.openApiNullable", "false");
        assertThat(client).isEqualTo(service);
    }

    /** The settings of the execution {@code generated-client}, nested ones as {@code parent.child}. */
    private static Map<String, String> generation(Document pom) {
        NodeList executions = pom.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            if ("generated-client".equals(child(execution, "id"))) {
                Map<String, String> settings = new LinkedHashMap<>();
                flatten((Element) execution.getElementsByTagName("configuration").item(0), "", settings);
                return settings;
            }
        }
        throw new AssertionError("no execution generated-client in " + pom.getDocumentURI());
    }

    private static void flatten(Element element, String prefix, Map<String, String> into) {
        boolean leaf = true;
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                leaf = false;
                flatten(child, prefix.isEmpty() && element.getTagName().equals("configuration")
                        ? child.getTagName() : prefix + "." + child.getTagName(), into);
            }
        }
        if (leaf) {
            into.put(prefix, element.getTextContent().trim());
        }
    }

    private static String property(Document pom, String name) {
        NodeList found = pom.getElementsByTagName(name);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
    }

    private static String child(Element parent, String tag) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                return element.getTextContent().trim();
            }
        }
        return null;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }
}
