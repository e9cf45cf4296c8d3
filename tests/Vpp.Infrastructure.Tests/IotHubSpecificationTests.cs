namespace Vpp.Infrastructure.Tests;

/// <summary>The fake hub's check of requests against the official service swagger flags what strays from it.</summary>
public sealed class IotHubSpecificationTests
{
    private readonly IotHubSpecification spec = IotHubSpecification.Load();

    [Fact]
    public void Requests_that_stray_from_the_swagger_are_flagged()
    {
        var query = new Dictionary<string, string> { ["api-version"] = "2021-04-12" };

        Assert.Null(spec.Check("POST", "/devices/dev-1/messages/devicebound", query, [], null).OperationId);
        Assert.NotEmpty(spec.Check("GET", "/twins/dev-1", new Dictionary<string, string> { ["api-version"] = "2018-06-30" }, [], null).Violations);
        Assert.NotEmpty(spec.Check("PATCH", "/twins/dev-1", query, [], "{\"desired\":{}}").Violations);
        Assert.NotEmpty(spec.Check("GET", "/twins/dev-1", query, ["x-ms-continuation"], null).Violations);
        Assert.Empty(spec.Check("PATCH", "/twins/dev-1", query, ["If-Match"], "{\"properties\":{\"desired\":{}}}").Violations);
    }
}
