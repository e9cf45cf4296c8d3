using System.Net;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tests;

public sealed class StorageConnectionStringTests
{
    [Fact]
    public void Development_storage_points_at_azurites_default_ports()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(StorageConnectionString.DevelopmentAccountKey, parsed.AccountKey);
    }

    [Fact]
    public void An_account_key_string_derives_the_public_endpoints()
    {
        var parsed = StorageConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=vppprod;AccountKey=a2V5;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://vppprod.table.core.windows.net"), parsed.TableEndpoint);
        Assert.Equal(new Uri("https://vppprod.queue.core.windows.net"), parsed.QueueEndpoint);
        Assert.Equal("a2V5", parsed.AccountKey);
    }

    [Fact]
    public void Explicit_endpoints_win_and_a_missing_account_is_an_error()
    {
        var parsed = StorageConnectionString.Parse("AccountName=a;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:5555/a/");

        Assert.Equal(new Uri("http://127.0.0.1:5555/a"), parsed.TableEndpoint);
        Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountKey=a2V5"));
        Assert.Throws<FormatException>(() => StorageConnectionString.Parse("garbage"));
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_permanent_ones_surface_at_once()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.OK);
        using var http = new HttpClient(handler);
        var transport = new StorageTransport(http, new SharedKeyStorageCredential("a", "a2V5"), TimeProvider.System,
            new StorageRetryPolicy(4, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(5)));

        using var ok = await transport.SendAsync(StorageService.Queue, () => new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/a/q"), CancellationToken.None);
        Assert.Equal(3, handler.Calls);

        var forbidden = new ScriptedHandler(HttpStatusCode.Forbidden, HttpStatusCode.OK);
        using var http2 = new HttpClient(forbidden);
        var transport2 = new StorageTransport(http2, new SharedKeyStorageCredential("a", "a2V5"), TimeProvider.System);
        var error = await Assert.ThrowsAsync<StorageException>(() =>
            transport2.SendAsync(StorageService.Queue, () => new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/a/q"), CancellationToken.None));
        Assert.Equal(1, forbidden.Calls);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
    }

    [Fact]
    public async Task Bearer_credentials_send_an_entra_token_for_storage()
    {
        var handler = new ScriptedHandler(HttpStatusCode.OK);
        using var http = new HttpClient(handler);
        var transport = new StorageTransport(http, new TokenStorageCredential(new FixedTokenCredential(), TimeProvider.System), TimeProvider.System);

        using var _ = await transport.SendAsync(StorageService.Table, () => new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/a/t()"), CancellationToken.None);

        Assert.Equal("Bearer token-for-https://storage.azure.com/.default", handler.LastAuthorization);
        Assert.Equal("2019-02-02", handler.LastVersion);
    }

    private sealed class FixedTokenCredential : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token-for-" + requestContext.Scopes[0], DateTimeOffset.MaxValue);

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public string? LastAuthorization { get; private set; }

        public string? LastVersion { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastAuthorization = request.Headers.Authorization?.ToString();
            LastVersion = request.Headers.GetValues("x-ms-version").Single();
            var status = statuses[Math.Min(Calls++, statuses.Length - 1)];
            var response = new HttpResponseMessage(status);
            if (status == HttpStatusCode.Forbidden)
            {
                response.Content = new StringContent("<?xml version=\"1.0\"?><Error><Code>AuthorizationFailure</Code><Message>nope</Message></Error>");
            }

            return Task.FromResult(response);
        }
    }
}
