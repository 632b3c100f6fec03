using Aaba.Hosting;
using Aaba.ServiceDefaults;

var builder = WebApplication.CreateBuilder(AabaProgram.Options(args));
builder.AddServiceDefaults("aaba-silo");
builder.AddAabaSiloProcess();
var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
