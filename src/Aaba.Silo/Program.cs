using Aaba.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddAabaEnvironmentVariables();
builder.UseOrleans(silo => silo.AddAabaSiloHost(builder.Configuration));
await builder.Build().RunAsync();
