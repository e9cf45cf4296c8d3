namespace Vpp.Infrastructure.Throttling;

/// <summary>
/// Holds every HTTP attempt that passes through it to a <see cref="RequestRate"/>, a client library's own retries
/// included (a provider's limit counts attempts, not the adapter's calls), and gives each attempt its timeout from the
/// moment its turn comes: time spent queueing for the rate is not time the provider took to answer.
/// </summary>
public sealed class PacedAttemptsHandler(RequestRate? rate, TimeSpan attemptTimeout, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (rate is not null)
        {
            await rate.WaitTurnAsync(cancellationToken);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(attemptTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, attempt.Token);
            await response.Content.LoadIntoBufferAsync(attempt.Token);
            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TaskCanceledException($"{request.Method} {request.RequestUri} had no answer within {attemptTimeout.TotalSeconds:0.#} s.", new TimeoutException(e.Message, e));
        }
    }
}
