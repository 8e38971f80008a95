package io.tidings.database;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.tidings.TidingsApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code SPRING_DATASOURCE_URL} set, the service uses that PostgreSQL and starts
 * none of its own.
 */
class ExternalDatabaseIntegrationTests {

	@TempDir
	Path serverDir;

	@Test
	void configuredDatasourceReplacesTheEmbeddedDatabase() throws Exception {
		try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(this.serverDir).start()) {
			String url = "jdbc:postgresql://localhost:" + external.getPort() + "/postgres";
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TidingsApplication.class).run(
					"--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--server.port=0",
					"--tidings.admin-key=external-admin", "--logging.level.root=warn")) {
				assertThat(context.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
				assertThat(query(external, "select bool_and(success) and count(*) > 1 from flyway_schema_history"))
					.isEqualTo("t");
				assertThat(query(external, "select to_regclass('notification') is not null")).isEqualTo("t");
				// the console's shared sessions: Flyway's table, not Spring Session's
				// initializer (spring.session.jdbc.initialize-schema=never)
				assertThat(
						query(external, "select count(*) from flyway_schema_history where version = '25' and success"))
					.isEqualTo("1");
				assertThat(query(external, "select to_regclass('spring_session_attributes') is not null"))
					.isEqualTo("t");
				assertThat(query(external, "select id from bot")).isEqualTo("demo");
				// the pool's sessions use generic plans, as the embedded database's do
				// (EventStreamPlanIntegrationTests)
				try (Connection connection = context.getBean(javax.sql.DataSource.class).getConnection();
						Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery("show plan_cache_mode")) {
					rs.next();
					assertThat(rs.getString(1)).isEqualTo("force_generic_plan");
				}
				String port = context.getEnvironment().getProperty("local.server.port");
				HttpResponse<String> response = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/bots/demo"))
						.header("x-api-key", "external-admin")
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
			}
		}
	}

	private static String query(EmbeddedPostgres postgres, String sql) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
