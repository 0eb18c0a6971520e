package io.ferry.testkit.server.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The documents a client reads to learn what the server serves: the version, the core group's
 * versions and resources (Secrets and Namespaces), no other groups, and Namespace objects.
 */
final class Discovery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Discovery() {
    }

    static ObjectNode version() {
        return JSON.createObjectNode().put("major", "1").put("minor", "30").put("gitVersion", "v1.30.0")
                .put("gitCommit", "ferry-emulator").put("gitTreeState", "clean").put("buildDate", "2024-04-17T00:00:00Z")
                .put("goVersion", "go1.22.2").put("compiler", "gc").put("platform", "linux/amd64");
    }

    static ObjectNode apiVersions(int port) {
        ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", "127.0.0.1:" + port);
        return versions;
    }

    static ObjectNode groups() {
        ObjectNode groups = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        groups.putArray("groups");
        return groups;
    }

    static ObjectNode resources() {
        ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", "v1");
        ArrayNode resources = list.putArray("resources");
        ObjectNode secrets = resources.addObject().put("name", "secrets").put("singularName", "secret")
                .put("namespaced", true).put("kind", "Secret");
        ArrayNode verbs = secrets.putArray("verbs");
        for (String verb : new String[] {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}) {
            verbs.add(verb);
        }
        ObjectNode namespaces = resources.addObject().put("name", "namespaces").put("singularName", "namespace")
                .put("namespaced", false).put("kind", "Namespace");
        namespaces.putArray("verbs").add("get").add("list");
        namespaces.putArray("shortNames").add("ns");
        return list;
    }

    static ObjectNode namespace(String name) {
        ObjectNode namespace = JSON.createObjectNode().put("kind", "Namespace").put("apiVersion", "v1");
        namespace.putObject("metadata").put("name", name);
        namespace.putObject("status").put("phase", "Active");
        return namespace;
    }
}
