namespace AgUi.Deployment.Tests;

public sealed class ArmExpressionTests
{
    private const string Identity = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x";

    [Fact]
    public void A_plain_value_and_an_escaped_bracket_are_literals()
    {
        Assert.Equal("managedidentity", ArmExpression.Render("managedidentity"));
        Assert.Equal("[[not an expression]", ArmExpression.Render("[[not an expression]"));
    }

    [Fact]
    public void A_reference_renders_as_the_resource_and_property_it_reads()
    {
        Assert.Equal(ArmExpression.Reference(Identity, "clientId"), ArmExpression.Render($"[reference('{Identity}', '2023-01-31').clientId]"));
    }

    [Fact]
    public void A_format_renders_its_literals_and_references_in_place()
    {
        var rendered = ArmExpression.Render($"[format('ClientId={{0}};Authorization=AAD;Name={{1}}', reference('{Identity}', '2023-01-31').clientId, 'it''s')]");

        Assert.Equal($"ClientId={ArmExpression.Reference(Identity, "clientId")};Authorization=AAD;Name=it's", rendered);
    }

    [Fact]
    public void An_expression_of_another_form_is_an_error_rather_than_a_guess()
    {
        Assert.Throws<NotSupportedException>(() => ArmExpression.Render("[concat('a', parameters('b'))]"));
    }
}
