using System.Net.Http.Headers;
using Azure.Core;

namespace Vpp.Infrastructure.Storage;

/// <summary>Entra ID: a bearer token for https://storage.azure.com from any Azure.Identity credential.</summary>
public sealed class TokenStorageCredential(TokenCredential credential, TimeProvider clock) : StorageCredential
{
    private static readonly TokenRequestContext Scope = new(["https://storage.azure.com/.default"]);
    private readonly Lock refresh = new();
    private Task<AccessToken>? pending;
    private AccessToken cached;

    internal override async ValueTask AuthorizeAsync(HttpRequestMessage request, StorageService service, CancellationToken cancellationToken)
    {
        if (cached.ExpiresOn < clock.GetUtcNow().AddMinutes(5))
        {
            Task<AccessToken> fetch;
            lock (refresh)
            {
                // One refresh at a time; concurrent callers share it.
                pending ??= credential.GetTokenAsync(Scope, CancellationToken.None).AsTask();
                fetch = pending;
            }

            try
            {
                cached = await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (refresh)
                {
                    if (pending == fetch && fetch.IsCompleted)
                    {
                        pending = null;
                    }
                }
            }
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cached.Token);
    }
}
