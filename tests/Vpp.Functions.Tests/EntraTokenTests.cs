using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>Tokens from an OpenID Connect authority (Entra ID in Azure), checked against the keys it publishes.</summary>
public sealed class EntraTokenTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await handler.Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Token lifetimes are judged by real time, whatever the handler's (test) clock says.</summary>
    private string EntraToken(string role) => handler.Entra.Token(role, issued: TimeProvider.System.GetUtcNow());

    [Fact]
    public async Task An_entra_token_with_the_app_role_is_accepted_and_the_role_decides_what_it_may_do()
    {
        var program = JsonContent.Create(new { name = "Entra program", timeZone = "America/Chicago", telemetryIntervalSeconds = 60 });

        Assert.Equal(HttpStatusCode.Created, await SendAsync(HttpMethod.Put, "api/programs/entra-1", EntraToken(Roles.ProgramManager), program));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "api/programs/entra-1", EntraToken(Roles.ProgramManager)));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(HttpMethod.Get, "api/programs/entra-1", EntraToken(Roles.Customer)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "api/programs/entra-1", handler.Token(Roles.ProgramManager))); // the dev issuer still works beside it
    }

    [Fact]
    public async Task Forged_foreign_and_stale_authority_tokens_are_refused()
    {
        using var attackerKey = RSA.Create(2048);
        var now = TimeProvider.System.GetUtcNow();
        var forgeries = new Dictionary<string, string>
        {
            ["another API's audience"] = handler.Entra.Token(Roles.ProgramManager, audience: "api://someone-else", issued: now),
            ["another tenant"] = handler.Entra.Token(Roles.ProgramManager, issuer: "https://login.microsoftonline.com/other-tenant/v2.0", issued: now),
            ["expired"] = handler.Entra.Token(Roles.ProgramManager, issued: now.AddHours(-3)),
            ["signed by a key the authority never published"] = handler.Entra.Token(Roles.ProgramManager, issued: now, signer: attackerKey),
            ["naming a key the authority never published"] = handler.Entra.Token(Roles.ProgramManager, issued: now, signer: attackerKey, keyId: "attacker"),
            ["HS256 keyed with the authority's public key"] = handler.Entra.HmacForgeryWithPublicKey(Roles.ProgramManager),
            ["unsigned"] = FakeOidcAuthority.WithoutSignature(new JsonObject { ["iss"] = handler.Entra.Issuer, ["aud"] = "vpp-api", ["exp"] = now.AddHours(1).ToUnixTimeSeconds(), ["roles"] = new JsonArray(Roles.ProgramManager) }),
        };

        foreach (var (what, token) in forgeries)
        {
            var status = await SendAsync(HttpMethod.Get, "api/programs/demo", token);
            Assert.True(status == HttpStatusCode.Unauthorized, $"{what}: {status}");
        }
    }

    [Fact]
    public async Task After_a_key_rollover_new_tokens_are_accepted_tokens_of_the_withdrawn_key_are_not_and_the_authority_is_not_hammered()
    {
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Get, "api/programs/none-such", EntraToken(Roles.ProgramManager)));
        var signedWithOldKey = EntraToken(Roles.ProgramManager);

        using var attackerKey = RSA.Create(2048);
        handler.Entra.Rotate();
        var keySetReads = handler.Entra.KeySetRequests;

        // A token naming a key the cache does not know makes the handler read the keys again, once, in the background:
        // that token may be refused, those after it are accepted.
        var status = HttpStatusCode.Unauthorized;
        for (var attempt = 0; attempt < 50 && status == HttpStatusCode.Unauthorized; attempt++)
        {
            status = await SendAsync(HttpMethod.Get, "api/programs/none-such", EntraToken(Roles.ProgramManager));
            await Task.Delay(status == HttpStatusCode.Unauthorized ? 100 : 0);
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(keySetReads + 1, handler.Entra.KeySetRequests);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Get, "api/programs/none-such", signedWithOldKey));
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Get, "api/programs/none-such", handler.Entra.Token(Roles.ProgramManager, signer: attackerKey, keyId: "never-published-" + i)));
        }

        Assert.Equal(keySetReads + 1, handler.Entra.KeySetRequests); // unknown keys do not hammer the authority
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Get, "api/programs/none-such", EntraToken(Roles.ProgramManager)));
    }

    [Fact]
    public async Task An_outage_at_the_authority_keeps_the_keys_already_known()
    {
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Get, "api/programs/none-such", EntraToken(Roles.ProgramManager)));
        handler.Entra.Unavailable = true;
        try
        {
            Assert.Equal(HttpStatusCode.NotFound, await SendAsync(HttpMethod.Get, "api/programs/none-such", EntraToken(Roles.ProgramManager)));
        }
        finally
        {
            handler.Entra.Unavailable = false;
        }
    }
}
