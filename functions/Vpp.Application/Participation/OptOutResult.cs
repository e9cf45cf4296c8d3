using Vpp.Domain.Devices;
using Vpp.Domain.Participation;

namespace Vpp.Application.Participation;

/// <summary>What an opt-out request came to: the opt-out(s) on success, else why not.</summary>
public sealed record OptOutResult(OptOutOutcome Outcome, IReadOnlyList<OptOut> OptOuts, IReadOnlyList<FieldError> Errors)
{
    public static OptOutResult Of(params OptOut[] optOuts) => new(OptOutOutcome.Done, optOuts, []);

    public static OptOutResult Refused(OptOutOutcome outcome, params FieldError[] errors) => new(outcome, [], errors);
}
