using Microsoft.AspNetCore.Http;
using Vpp.Domain.Devices;

namespace Vpp.Functions;

/// <summary>RFC 9457 problem details that name the field at fault.</summary>
public static class Problems
{
    public static IResult Validation(IEnumerable<FieldError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request has invalid fields.");

    public static IResult Validation(string field, string message) => Validation([new FieldError(field, message)]);

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    /// <summary>The request is valid but what it refers to is not in a state to take it; the detail says why.</summary>
    public static IResult Conflict(string? why) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: why);

    /// <summary>What the request refers to existed once and is gone for good; the detail says how to start again.</summary>
    public static IResult Gone(string field, string what) =>
        Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Gone", detail: what, extensions: new Dictionary<string, object?> { ["field"] = field });
}
