using System.Net;
using Stripe;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;
using Vpp.Infrastructure.Throttling;

namespace Vpp.Infrastructure.Payments;

/// <summary>
/// Payouts as Stripe Connect transfers from the platform account to the customer's connected account (Stripe.net), one
/// per payout line, with the line's idempotency key as Stripe's <c>Idempotency-Key</c>: a retry, a replay after a crash
/// or a duplicate delivery gets the first transfer back instead of a second one. Every request, the SDK's retries
/// included, waits its turn under <see cref="StripeSettings.RequestsPerSecond"/>: a run's batches pay at once, and Stripe
/// refuses what exceeds its limits.
/// </summary>
public sealed class StripePayoutGateway : IPayoutGateway, IDisposable
{
    private readonly StripeSettings settings;
    private readonly RequestRate? pace;
    private readonly HttpClient http;
    private readonly StripeClient client;

    /// <param name="settings">The platform account and how to reach it.</param>
    /// <param name="handler">Sends the requests (a pooled handler); the gateway does not dispose it.</param>
    public StripePayoutGateway(StripeSettings settings, HttpMessageHandler handler)
    {
        this.settings = settings;

        // No burst: Stripe's limiter counts requests a second, and a full bucket would add its size to the rate.
        pace = settings.RequestsPerSecond is { } perSecond ? new RequestRate(perSecond, burst: 1) : null;
        // Timeouts are per attempt, in the handler: the client's own would count the wait for a turn. Neither the client nor
        // the pacing handler owns the pooled handler, so the pacing one is left to the collector with it.
        http = new HttpClient(new PacedAttemptsHandler(pace, settings.AttemptTimeout, handler), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        client = new StripeClient(new StripeClientOptions
        {
            ApiKey = settings.SecretKey,
            ApiBase = settings.ApiBase?.ToString().TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(http, settings.MaxNetworkRetries),
        });
    }

    public async Task<TransferOutcome> TransferAsync(PayoutLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Disposition != PayoutDisposition.Transfer || line.ConnectedAccountId is null)
        {
            throw new ArgumentException($"line for {line.CustomerId} is {line.Disposition}, not a transfer", nameof(line));
        }

        var options = new TransferCreateOptions
        {
            Amount = line.AmountCents,
            Currency = settings.Currency,
            Destination = line.ConnectedAccountId,
            TransferGroup = line.IdempotencyKey[..line.IdempotencyKey.LastIndexOf(':')],
            Metadata = new Dictionary<string, string> { ["customer_id"] = line.CustomerId, ["payout_key"] = line.IdempotencyKey },
        };
        return await OutcomeAsync(async () => (await new TransferService(client).CreateAsync(options, new RequestOptions { IdempotencyKey = line.IdempotencyKey }, cancellationToken)).Id, cancellationToken);
    }

    public Task<TransferOutcome> ReverseAsync(PayoutLine line, string transferId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var options = new TransferReversalCreateOptions { Metadata = new Dictionary<string, string> { ["customer_id"] = line.CustomerId, ["payout_key"] = line.IdempotencyKey } };
        return OutcomeAsync(async () => (await new TransferReversalService(client).CreateAsync(transferId, options, new RequestOptions { IdempotencyKey = $"{line.IdempotencyKey}:reversal" }, cancellationToken)).Id,
            cancellationToken);
    }

    public void Dispose()
    {
        http.Dispose();
        pace?.Dispose();
    }

    private static async Task<TransferOutcome> OutcomeAsync(Func<Task<string>> call, CancellationToken cancellationToken)
    {
        try
        {
            return TransferOutcome.Paid(await call());
        }
        catch (StripeException e)
        {
            // 5xx, 429 and idempotency conflicts with a request still executing may pass; a refusal of the request does not.
            var retryable = e.HttpStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict || (int)e.HttpStatusCode >= 500 || e.StripeError?.Type == "api_error";
            return TransferOutcome.Failed(e.StripeError?.Code ?? e.StripeError?.Type ?? ((int)e.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, retryable);
        }
        catch (HttpRequestException e)
        {
            return TransferOutcome.Failed("network", e.Message, retryable: true);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return TransferOutcome.Failed("timeout", e.Message, retryable: true);
        }
    }
}
