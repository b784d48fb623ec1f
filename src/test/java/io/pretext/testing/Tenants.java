package io.pretext.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Makes a fresh tenant with a key over the admin API, so tests do not share rows. */
public final class Tenants {

    private Tenants() {
    }

    /** Creates a tenant and returns a key of it with the given scopes. */
    public static String newTenantKey(ApiClient api, String... scopes) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String tenant = api.post("/v1/admin/tenants", IntegrationTest.ADMIN_KEY, ApiClient.json(Map.of("name", name)))
                .json().get("id").asString();
        return api.post("/v1/admin/tenants/" + tenant + "/keys", IntegrationTest.ADMIN_KEY,
                ApiClient.json(Map.of("name", "test", "scopes", List.of(scopes.length == 0
                        ? new String[] {"read", "write"} : scopes)))).json().get("key").asString();
    }
}
