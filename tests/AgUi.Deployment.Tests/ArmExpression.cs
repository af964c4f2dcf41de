using System.Globalization;
using System.Text.RegularExpressions;

namespace AgUi.Deployment.Tests;

/// <summary>
/// Reads the values <c>bicep snapshot</c> predicts. What the snapshot can resolve is a plain string;
/// what exists only once Azure has created a resource stays an ARM expression, such as
/// <c>[reference('/subscriptions/.../id-x', '2023-01-31').clientId]</c>. <see cref="Render"/> turns the
/// forms infra/ produces into one string in which each such reference reads <see cref="Reference"/>.
/// </summary>
internal static partial class ArmExpression
{
    /// <summary>How a rendered value shows a property of a resource that Azure only knows after creating it.</summary>
    public static string Reference(string resourceId, string property) => $"<reference {resourceId} .{property}>";

    public static bool IsExpression(string value) => value.StartsWith('[') && !value.StartsWith("[[", StringComparison.Ordinal) && value.EndsWith(']');

    /// <summary>The value with references rendered; an expression of another form is an error, so a test cannot pass on a value it did not read.</summary>
    public static string Render(string value)
    {
        if (!IsExpression(value))
        {
            return value;
        }

        var body = ReferenceCall().Replace(value[1..^1], m => Quote(Reference(m.Groups["id"].Value, m.Groups["property"].Value)));
        if (StringLiteral().Match(body) is { Success: true } literal && literal.Length == body.Length)
        {
            return Unquote(literal.Value);
        }

        var format = FormatCall().Match(body);
        if (!format.Success)
        {
            throw new NotSupportedException($"An ARM expression this test does not read: {value}");
        }

        var arguments = StringLiteral().Matches(format.Groups["arguments"].Value).Select(m => (object)Unquote(m.Value)).ToArray();
        return string.Format(CultureInfo.InvariantCulture, (string)arguments[0], arguments[1..]);
    }

    private static string Quote(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string Unquote(string literal) => literal[1..^1].Replace("''", "'", StringComparison.Ordinal);

    [GeneratedRegex(@"reference\('(?<id>[^']+)', '[^']+'\)\.(?<property>[A-Za-z0-9_.]+)")]
    private static partial Regex ReferenceCall();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^format\((?<arguments>'(?:[^']|'')*'(?:, '(?:[^']|'')*')*)\)$")]
    private static partial Regex FormatCall();
}
