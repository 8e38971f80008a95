package io.tidings.api;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the application's data source behind {@link BudgetedDataSource}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseBudgetConfiguration {

	@Bean
	static BeanPostProcessor budgetedDataSource(ObjectProvider<DatabaseBudget> budget) {
		return BudgetedDataSource.wrapper(budget);
	}

}
