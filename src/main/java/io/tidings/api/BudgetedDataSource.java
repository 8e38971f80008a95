package io.tidings.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Gives the connections taken on a budgeted thread ({@link DatabaseBudget}) a network
 * timeout of the budget; the pool restores the default when the connection is returned.
 */
class BudgetedDataSource extends DelegatingDataSource {

	private final ObjectProvider<DatabaseBudget> budget;

	private volatile DatabaseBudget resolved;

	BudgetedDataSource(DataSource target, ObjectProvider<DatabaseBudget> budget) {
		super(target);
		this.budget = budget;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return budgeted(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return budgeted(super.getConnection(username, password));
	}

	private Connection budgeted(Connection connection) throws SQLException {
		DatabaseBudget budget = this.resolved;
		if (budget == null) {
			budget = this.budget.getIfAvailable();
			this.resolved = budget;
		}
		Duration limit = (budget != null) ? budget.current() : null;
		if (limit != null) {
			try {
				connection.setNetworkTimeout(Runnable::run, (int) limit.toMillis());
			}
			catch (SQLException | RuntimeException ex) {
				connection.close();
				throw ex;
			}
		}
		return connection;
	}

	/**
	 * Wraps the application's data source.
	 */
	static BeanPostProcessor wrapper(ObjectProvider<DatabaseBudget> budget) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource && !(bean instanceof BudgetedDataSource)
						&& beanName.equals("dataSource")) ? new BudgetedDataSource(dataSource, budget) : bean;
			}

		};
	}

}
