using Microsoft.Extensions.Options;
using Vpp.Application.Tests;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>The authority's key cache on its own, against a real loopback authority.</summary>
public sealed class OidcSigningKeysTests : IAsyncLifetime
{
    private readonly FixedClock clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private FakeOidcAuthority authority = null!;
    private OidcSigningKeys keys = null!;

    public async Task InitializeAsync()
    {
        authority = await FakeOidcAuthority.StartAsync();
        keys = new OidcSigningKeys(new PlainHttpClients(), Options.Create(new JwtSettings { Authority = authority.Authority }), new AuthenticationClock(clock));
    }

    public async Task DisposeAsync()
    {
        keys.Dispose();
        await authority.DisposeAsync();
    }

    [Fact]
    public async Task An_authority_that_is_down_from_the_start_is_asked_again_at_most_every_30_seconds_and_served_once_it_is_back()
    {
        authority.Unavailable = true;

        for (var i = 0; i < 5; i++)
        {
            var error = await Assert.ThrowsAsync<OidcMetadataException>(() => keys.FindAsync(authority.CurrentKeyId, CancellationToken.None));
            Assert.Contains(authority.Authority, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, authority.DiscoveryRequests);
        authority.Unavailable = false;
        await Assert.ThrowsAsync<OidcMetadataException>(() => keys.FindAsync(authority.CurrentKeyId, CancellationToken.None));
        Assert.Equal(1, authority.DiscoveryRequests);

        clock.Now = clock.Now.AddSeconds(31);
        var (issuer, found) = await keys.FindAsync(authority.CurrentKeyId, CancellationToken.None);

        Assert.Equal(authority.Issuer, issuer);
        Assert.Single(found);
        Assert.Equal(2, authority.DiscoveryRequests);
    }

    [Fact]
    public async Task A_token_without_a_key_id_may_be_checked_against_every_published_signing_key_and_encryption_keys_are_not_among_them()
    {
        var (_, all) = await keys.FindAsync(null, CancellationToken.None);
        var (_, unknown) = await keys.FindAsync("encryption", CancellationToken.None);

        Assert.Single(all); // the set also publishes an encryption key and an EC key
        Assert.Empty(unknown);
        Assert.Equal(1, authority.KeySetRequests);
    }

    private sealed class PlainHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
